package io.quire.bench.e2e;

import java.util.Collection;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.TopicDescription;

/**
 * What the comparison checks after each workload, so that it counts only work that happened: the
 * topics it created are listed, those it deleted are not, those it extended have their partitions.
 * A KRaft broker answers a create once its controller committed it and learns of it a little later,
 * so each check waits for the listing to agree, up to a limit.
 */
final class TopicChecks {

    private static final long LIMIT_NANOS = TimeUnit.SECONDS.toNanos(60);

    private TopicChecks() {}

    /** Waits until every topic in {@code names} is listed, or (when {@code listed} is false) none is. */
    static void awaitListed(Admin admin, Collection<String> names, boolean listed) throws Exception {
        long deadline = System.nanoTime() + LIMIT_NANOS;
        while (true) {
            Set<String> wrong = new HashSet<>(names);
            Set<String> present = admin.listTopics().names().get();
            if (listed) {
                wrong.removeAll(present);
            } else {
                wrong.retainAll(present);
            }
            if (wrong.isEmpty()) {
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(wrong.size() + " of " + names.size() + " topics are "
                        + (listed ? "still not listed" : "still listed") + ", for example " + wrong.iterator().next());
            }
            Thread.sleep(100);
        }
    }

    /** Waits until every topic in {@code names} has {@code partitions} partitions. */
    static void awaitPartitions(Admin admin, Collection<String> names, int partitions) throws Exception {
        long deadline = System.nanoTime() + LIMIT_NANOS;
        while (true) {
            Map<String, TopicDescription> topics = admin.describeTopics(names).allTopicNames().get();
            long wrong = topics.values().stream().filter(t -> t.partitions().size() != partitions).count();
            if (wrong == 0) {
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(wrong + " of " + names.size() + " topics do not have "
                        + partitions + " partitions");
            }
            Thread.sleep(100);
        }
    }
}
