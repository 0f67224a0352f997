package io.quire.core.engine;

import io.quire.core.status.Progress;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The long pieces of work running on this node (replaying the WAL, sending or installing a
 * snapshot, a follower catching up): each logs its progress at a steady interval, and the node's
 * status shows them while they run.
 */
final class LongWork {

    /** Under the engine's name: operators grep the engine's log lines. */
    private static final Logger log = LoggerFactory.getLogger(MetadataEngine.class);
    static final Duration LOG_INTERVAL = Duration.ofSeconds(2);

    private final Set<Job> running = ConcurrentHashMap.newKeySet();

    /**
     * Starts a job of {@code total} units (-1 when not known); the caller advances and closes it.
     *
     * @param blocksReadiness whether the node is not ready while it runs: true for work that
     *     replaces the node's state (a WAL replay, a snapshot install), false for work the node
     *     serves through (sending a snapshot; a catch-up, whose lag readiness counts anyway)
     */
    Job start(String task, String unit, long total, boolean blocksReadiness) {
        Job job = new Job(task, unit, total, blocksReadiness);
        running.add(job);
        return job;
    }

    /** How far each running job has come. */
    List<Progress> progress() {
        return running.stream().map(Job::progress).toList();
    }

    /** The running jobs that keep the node from being ready. */
    List<Progress> blockingReadiness() {
        return running.stream().filter(job -> job.blocksReadiness).map(Job::progress).toList();
    }

    /** One piece of work, advanced by one thread and read by any. */
    final class Job implements AutoCloseable {

        private final String task;
        private final String unit;
        private final boolean blocksReadiness;
        private volatile long total;
        private final long startedNanos = System.nanoTime();
        private long nextLogNanos = startedNanos + LOG_INTERVAL.toNanos();
        private volatile long done;

        private Job(String task, String unit, long total, boolean blocksReadiness) {
            this.task = task;
            this.unit = unit;
            this.blocksReadiness = blocksReadiness;
            this.total = total;
        }

        /** {@code done} of {@code newTotal} units are done: the total grew while the work went on. */
        void advanceTo(long doneSoFar, long newTotal) {
            total = newTotal;
            advanceTo(doneSoFar);
        }

        /** {@code done} units are done in all; logs the progress when the interval has passed. */
        void advanceTo(long doneSoFar) {
            done = doneSoFar;
            long now = System.nanoTime();
            if (now >= nextLogNanos) {
                nextLogNanos = now + LOG_INTERVAL.toNanos();
                Progress progress = progress();
                log.info("Progress: {}: {}{} {}{}, {} {}/s, {}", task, doneSoFar, total >= 0 ? " of " + total : "",
                        unit, total > 0 ? String.format(Locale.ROOT, " (%.0f%%)", 100.0 * doneSoFar / total) : "",
                        Math.round(progress.perSecond()), unit,
                        progress.secondsLeft() >= 0 ? "about " + progress.secondsLeft() + " s left" : "time left unknown");
            }
        }

        /** Where the job stands now. */
        Progress progress() {
            long doneNow = done;
            double seconds = Math.max(1e-9, (System.nanoTime() - startedNanos) / 1e9);
            double rate = doneNow / seconds;
            long left = total >= 0 && rate > 0 ? Math.round(Math.max(0, total - doneNow) / rate) : -1;
            return new Progress(task, unit, doneNow, total, rate, left);
        }

        @Override
        public void close() {
            if (running.remove(this) && System.nanoTime() - startedNanos >= LOG_INTERVAL.toNanos()) {
                Progress progress = progress();
                log.info("Progress: {}: done, {} {} in {} s ({} {}/s)", task, progress.done(), unit,
                        String.format(Locale.ROOT, "%.1f", (System.nanoTime() - startedNanos) / 1e9),
                        Math.round(progress.perSecond()), unit);
            }
        }
    }
}
