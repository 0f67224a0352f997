package io.quire.core.testing;

import static org.awaitility.Awaitility.await;

import io.quire.spi.wal.MetadataWal;
import io.quire.spi.wal.WalRecord;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A decorator of a real WAL that, once {@link #holdAppends()} is called, hands every append to the
 * real WAL at once but completes the future it returned only when the test {@linkplain
 * HeldAppend#release() releases} it: as if the fsync were slow, or as if appends completed in an
 * order the test chooses.
 */
public final class ControlledWal implements MetadataWal {

    private final MetadataWal delegate;
    private final List<HeldAppend> held = new CopyOnWriteArrayList<>();
    private volatile boolean holding;

    public ControlledWal(MetadataWal delegate) {
        this.delegate = delegate;
    }

    /** From now on, appends complete only when released. */
    public void holdAppends() {
        holding = true;
    }

    /** The {@code index}-th held append (0 for the first), waiting until it has been made. */
    public HeldAppend held(int index) {
        await().pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(5)).atMost(Duration.ofSeconds(10))
                .until(() -> held.size() > index);
        return held.get(index);
    }

    public int heldCount() {
        return held.size();
    }

    @Override
    public CompletableFuture<Long> append(long epoch, byte[] payload) {
        CompletableFuture<Long> durable = delegate.append(epoch, payload);
        if (!holding) {
            return durable;
        }
        HeldAppend append = new HeldAppend(durable, new CompletableFuture<>());
        held.add(append);
        return append.completion;
    }

    @Override
    public List<WalRecord> read(long fromOffset, int maxRecords) throws IOException {
        return delegate.read(fromOffset, maxRecords);
    }

    @Override
    public long startOffset() {
        return delegate.startOffset();
    }

    @Override
    public long endOffset() {
        return delegate.endOffset();
    }

    @Override
    public long lastEpoch() {
        return delegate.lastEpoch();
    }

    @Override
    public void truncateSuffix(long fromOffset) throws IOException {
        delegate.truncateSuffix(fromOffset);
    }

    @Override
    public void deletePrefix(long beforeOffset) throws IOException {
        delegate.deletePrefix(beforeOffset);
    }

    @Override
    public Set<Capability> capabilities() {
        return delegate.capabilities();
    }

    @Override
    public void close() {
        held.forEach(HeldAppend::release);
        delegate.close();
    }

    /** One append whose real future ({@code durable}) has been made but whose completion is held back. */
    public static final class HeldAppend {

        private final CompletableFuture<Long> durable;
        private final CompletableFuture<Long> completion;

        HeldAppend(CompletableFuture<Long> durable, CompletableFuture<Long> completion) {
            this.durable = durable;
            this.completion = completion;
        }

        /** The offset the real WAL gave the record, once it is durable there. */
        public long awaitDurableOffset() {
            try {
                return durable.get(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            } catch (ExecutionException | TimeoutException e) {
                throw new AssertionError("the real WAL did not make the record durable", e);
            }
        }

        /**
         * Completes the future the engine got, on the calling thread, once the real append is
         * durable: when this returns, every callback the engine attached has run.
         */
        public void release() {
            if (completion.isDone()) {
                return;
            }
            try {
                completion.complete(durable.get(10, TimeUnit.SECONDS));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                completion.completeExceptionally(e);
            } catch (ExecutionException e) {
                completion.completeExceptionally(e.getCause());
            } catch (TimeoutException e) {
                completion.completeExceptionally(e);
            }
        }

        public boolean isReleased() {
            return completion.isDone();
        }
    }
}
