package io.quire.replication.tcp;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.channel.embedded.EmbeddedChannel;
import io.quire.replication.tcp.Frame.Truncate;
import io.quire.tck.replication.MemoryLog;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Queue;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A follower stops reading from its leader while frames pile up for its apply thread. */
class FollowerSessionTest {

    @TempDir
    Path dir;

    private final Queue<Runnable> applyThread = new ArrayDeque<>();
    private final MemoryLog log = new MemoryLog(0);

    @Test
    void pausesReadingWhileFramesWaitAndResumesAsTheyAreApplied() {
        EmbeddedChannel channel = new EmbeddedChannel();
        channel.pipeline().addLast(new FollowerSession(1, new ReplicaStream(channel, 1, log, dir, () -> {}),
                applyThread::add, 3, () -> true));

        channel.writeInbound(new Truncate(0), new Truncate(0));
        assertThat(channel.config().isAutoRead()).isTrue();
        channel.writeInbound(new Truncate(0));
        assertThat(channel.config().isAutoRead()).as("three frames wait").isFalse();

        applyThread.poll().run();
        assertThat(channel.config().isAutoRead()).isTrue();
        applyThread.forEach(Runnable::run);
        assertThat(log.truncations()).containsExactly(0L, 0L, 0L);
    }

    @Test
    void dropsWhatWaitsOnceThisNodeNoLongerFollowsTheLeader() {
        EmbeddedChannel channel = new EmbeddedChannel();
        AtomicBoolean followed = new AtomicBoolean(true);
        channel.pipeline().addLast(new FollowerSession(1, new ReplicaStream(channel, 1, log, dir, () -> {}),
                applyThread::add, 3, followed::get));

        channel.writeInbound(new Truncate(0));
        followed.set(false);
        applyThread.forEach(Runnable::run);
        assertThat(log.truncations()).as("the channel is still open, but no one is followed").isEmpty();
    }

    @Test
    void dropsWhatWaitsOnceTheConnectionIsGone() {
        EmbeddedChannel channel = new EmbeddedChannel();
        channel.pipeline().addLast(new FollowerSession(1, new ReplicaStream(channel, 1, log, dir, () -> {}),
                applyThread::add, 3, () -> true));

        channel.writeInbound(new Truncate(0));
        channel.close();
        applyThread.forEach(Runnable::run);
        assertThat(log.truncations()).isEmpty();
    }
}
