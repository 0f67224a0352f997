package io.quire.wal.file;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.ReadableByteChannel;
import java.nio.channels.WritableByteChannel;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;

/**
 * Opens real segment channels whose write or force can be made to fail, or force made to block, on
 * demand: the disk faults a healthy test machine never produces.
 */
final class FaultyChannels implements ChannelFactory {

    /** Holds every force until released, and tells when one is being held. */
    static final class ForceGate {
        private final CountDownLatch entered = new CountDownLatch(1);
        private final CountDownLatch released = new CountDownLatch(1);

        boolean isHolding() {
            return entered.getCount() == 0;
        }

        void release() {
            released.countDown();
        }
    }

    private volatile IOException forceFailure;
    private volatile IOException writeFailure;
    private volatile ForceGate forceGate;

    void failForces(IOException failure) {
        forceFailure = failure;
    }

    void failWrites(IOException failure) {
        writeFailure = failure;
    }

    ForceGate holdForces() {
        ForceGate gate = new ForceGate();
        forceGate = gate;
        return gate;
    }

    @Override
    public FileChannel open(Path file, OpenOption... options) throws IOException {
        return new FaultyChannel(FileChannel.open(file, options));
    }

    private final class FaultyChannel extends FileChannel {

        private final FileChannel delegate;

        FaultyChannel(FileChannel delegate) {
            this.delegate = delegate;
        }

        @Override
        public void force(boolean metaData) throws IOException {
            ForceGate gate = forceGate;
            if (gate != null) {
                gate.entered.countDown();
                try {
                    gate.released.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new InterruptedIOException("interrupted while a test held the force");
                }
            }
            IOException failure = forceFailure;
            if (failure != null) {
                throw failure;
            }
            delegate.force(metaData);
        }

        @Override
        public int write(ByteBuffer src) throws IOException {
            failWriteIfAsked();
            return delegate.write(src);
        }

        @Override
        public long write(ByteBuffer[] srcs, int offset, int length) throws IOException {
            failWriteIfAsked();
            return delegate.write(srcs, offset, length);
        }

        @Override
        public int write(ByteBuffer src, long position) throws IOException {
            failWriteIfAsked();
            return delegate.write(src, position);
        }

        private void failWriteIfAsked() throws IOException {
            IOException failure = writeFailure;
            if (failure != null) {
                throw failure;
            }
        }

        @Override
        public int read(ByteBuffer dst) throws IOException {
            return delegate.read(dst);
        }

        @Override
        public long read(ByteBuffer[] dsts, int offset, int length) throws IOException {
            return delegate.read(dsts, offset, length);
        }

        @Override
        public int read(ByteBuffer dst, long position) throws IOException {
            return delegate.read(dst, position);
        }

        @Override
        public long position() throws IOException {
            return delegate.position();
        }

        @Override
        public FileChannel position(long newPosition) throws IOException {
            delegate.position(newPosition);
            return this;
        }

        @Override
        public long size() throws IOException {
            return delegate.size();
        }

        @Override
        public FileChannel truncate(long size) throws IOException {
            delegate.truncate(size);
            return this;
        }

        @Override
        public long transferTo(long position, long count, WritableByteChannel target) throws IOException {
            return delegate.transferTo(position, count, target);
        }

        @Override
        public long transferFrom(ReadableByteChannel src, long position, long count) throws IOException {
            return delegate.transferFrom(src, position, count);
        }

        @Override
        public MappedByteBuffer map(MapMode mode, long position, long size) throws IOException {
            return delegate.map(mode, position, size);
        }

        @Override
        public FileLock lock(long position, long size, boolean shared) throws IOException {
            return delegate.lock(position, size, shared);
        }

        @Override
        public FileLock tryLock(long position, long size, boolean shared) throws IOException {
            return delegate.tryLock(position, size, shared);
        }

        @Override
        protected void implCloseChannel() throws IOException {
            delegate.close();
        }
    }
}
