package io.quire.wal.mapdb;

import java.io.IOException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.mapdb.DB;

/** A {@link Committer} that a test can make fail or hold; otherwise MapDB's own commit. */
final class FaultyCommitter implements Committer {

    /** Holds commits until released. */
    static final class CommitGate {

        private final CountDownLatch holding = new CountDownLatch(1);
        private final CountDownLatch released = new CountDownLatch(1);

        boolean isHolding() {
            return holding.getCount() == 0;
        }

        void release() {
            released.countDown();
        }

        private void pass() throws IOException {
            holding.countDown();
            try {
                if (!released.await(30, TimeUnit.SECONDS)) {
                    throw new IOException("commit gate never released");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted at the commit gate", e);
            }
        }
    }

    private volatile Exception failure;
    private volatile CommitGate gate;

    /** Makes every later commit throw {@code failure} (an IOException or RuntimeException) without committing. */
    void failCommits(Exception failure) {
        this.failure = failure;
    }

    /** Makes the next commits wait, before MapDB's commit, until the returned gate is released. */
    CommitGate holdCommits() {
        CommitGate held = new CommitGate();
        gate = held;
        return held;
    }

    @Override
    public void commit(DB db) throws IOException {
        CommitGate held = gate;
        if (held != null) {
            held.pass();
        }
        Exception failed = failure;
        if (failed instanceof IOException io) {
            throw io;
        }
        if (failed instanceof RuntimeException runtime) {
            throw runtime;
        }
        db.commit();
    }
}
