package io.quire.statemachine.kafka;

import static io.quire.statemachine.kafka.StateMachines.broker;
import static org.assertj.core.api.Assertions.assertThat;

import io.quire.api.command.CreateTopic;
import io.quire.api.metadata.MetadataView;
import io.quire.api.metadata.PartitionMetadata;
import io.quire.api.metadata.TopicMetadata;
import io.quire.api.result.CommandResult;
import io.quire.spi.statemachine.StateMachine;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** view() is safe to read while commands are applied, and each call sees whole commands only. */
class ConcurrentViewTest {

    private static final int TOPICS = 10_000;

    @TempDir
    Path dir;

    private final ExecutorService threads = Executors.newFixedThreadPool(4);

    @AfterEach
    void stopThreads() throws InterruptedException {
        threads.shutdownNow();
        assertThat(threads.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
    }

    @Test
    void readersIteratingTopicsWhileTenThousandCreatesAreAppliedSeeOnlyWholeTopicsAndNoErrors() throws Exception {
        StateMachine stateMachine = StateMachines.create(dir);
        for (int id = 1; id <= 3; id++) {
            stateMachine.apply(id - 1, broker(id));
        }
        MetadataView view = stateMachine.view();
        AtomicBoolean writerDone = new AtomicBoolean();
        AtomicInteger intermediateReads = new AtomicInteger();
        CountDownLatch readerStarted = new CountDownLatch(1);
        CountDownLatch halfwayApplied = new CountDownLatch(1);
        CountDownLatch readerSawHalfway = new CountDownLatch(1);

        Callable<Integer> fullReader = () -> {
            int previousSize = 0;
            int reads = 0;
            try {
                while (!writerDone.get()) {
                    boolean afterHalfway = halfwayApplied.getCount() == 0;
                    Collection<TopicMetadata> topics = view.topics();
                    assertIsAPrefixOfWholeTopics(topics);
                    assertThat(topics.size()).as("topics never disappear").isGreaterThanOrEqualTo(previousSize);
                    previousSize = topics.size();
                    if (topics.size() > 0 && topics.size() < TOPICS) {
                        intermediateReads.incrementAndGet();
                    }
                    reads++;
                    readerStarted.countDown();
                    if (afterHalfway) {
                        readerSawHalfway.countDown();
                    }
                }
            } finally {
                // A failed reader must not keep the writer waiting for it.
                readerStarted.countDown();
                readerSawHalfway.countDown();
            }
            return reads;
        };
        Future<Integer> reader = threads.submit(fullReader);
        // Many cheap reads, to overlap the writer as much as possible; the full reader checks content.
        Future<Integer> fastReader = threads.submit(() -> {
            int reads = 0;
            int previousSize = 0;
            while (!writerDone.get()) {
                int size = view.topics().size();
                check(size >= previousSize, "topics went from %d to %d", previousSize, size);
                previousSize = size;
                reads++;
            }
            return reads;
        });
        Future<Integer> pointReader = threads.submit(() -> {
            int reads = 0;
            while (!writerDone.get()) {
                int index = reads % TOPICS;
                view.topic(name(index)).ifPresent(ConcurrentViewTest::assertWhole);
                view.topic(idOf(index)).ifPresent(ConcurrentViewTest::assertWhole);
                assertThat(view.brokers()).hasSize(3);
                assertThat(view.topicCollidingWith(name(index))).isEmpty();
                if (reads % 500 == 0) {
                    assertThat(stateMachine.digest()).isNotBlank();
                }
                reads++;
            }
            return reads;
        });
        Future<?> writer = threads.submit(() -> {
            assertThat(readerStarted.await(10, TimeUnit.SECONDS)).isTrue();
            try {
                for (int index = 0; index < TOPICS; index++) {
                    CommandResult result = stateMachine.apply(3 + index, createTopic(index));
                    assertThat(result).isEqualTo(CommandResult.OK);
                    if (index == TOPICS / 2) {
                        // Make sure the readers observe a state in the middle of the run.
                        halfwayApplied.countDown();
                        assertThat(readerSawHalfway.await(10, TimeUnit.SECONDS)).isTrue();
                    }
                }
            } finally {
                writerDone.set(true);
            }
            return null;
        });

        writer.get(30, TimeUnit.SECONDS);
        assertThat(reader.get(30, TimeUnit.SECONDS)).isPositive();
        assertThat(fastReader.get(30, TimeUnit.SECONDS)).isPositive();
        assertThat(pointReader.get(30, TimeUnit.SECONDS)).isPositive();
        assertThat(intermediateReads.get()).as("reads of a state in the middle of the run").isPositive();
        assertThat(view.topics()).hasSize(TOPICS);
        assertIsAPrefixOfWholeTopics(view.topics());
        assertThat(stateMachine.appliedOffset()).isEqualTo(3 + TOPICS - 1);
    }

    private static String name(int index) {
        return String.format("topic-%05d", index);
    }

    private static UUID idOf(int index) {
        return new UUID(0x5eed, index);
    }

    /** Topic i has 1 + i % 4 partitions, and says so in its configs. */
    private static CreateTopic createTopic(int index) {
        int partitions = 1 + index % 4;
        List<List<Integer>> assignment = new ArrayList<>();
        for (int p = 0; p < partitions; p++) {
            assignment.add(List.of(1 + (index + p) % 3, 1 + (index + p + 1) % 3));
        }
        return new CreateTopic(name(index), idOf(index), assignment,
                Map.of("index", Integer.toString(index), "partitions", Integer.toString(partitions)));
    }

    /** Creates are applied in name order, so every consistent view holds exactly the first k topics. */
    private static void assertIsAPrefixOfWholeTopics(Collection<TopicMetadata> topics) {
        int index = 0;
        for (TopicMetadata topic : topics) {
            check(topic.name().equals(name(index)), "topic %d of the view is %s, not %s", index, topic.name(), name(index));
            assertWhole(topic);
            index++;
        }
    }

    /** Plain checks, not AssertJ: the readers run them on every topic of every read, and must be fast. */
    private static void assertWhole(TopicMetadata topic) {
        int index = Integer.parseInt(topic.configs().get("index"));
        int partitions = Integer.parseInt(topic.configs().get("partitions"));
        check(topic.name().equals(name(index)), "topic %s has the configs of topic %d", topic.name(), index);
        check(topic.topicId().equals(idOf(index)), "topic %s has id %s", topic.name(), topic.topicId());
        check(partitions == 1 + index % 4, "topic %s says %d partitions", topic.name(), partitions);
        check(topic.partitions().size() == partitions, "topic %s has %d of %d partitions", topic.name(),
                topic.partitions().size(), partitions);
        for (int p = 0; p < partitions; p++) {
            PartitionMetadata partition = topic.partitions().get(p);
            check(partition.partition() == p, "topic %s: partition %d at index %d", topic.name(), partition.partition(), p);
            check(partition.replicas().size() == 2, "topic %s: partition %d has replicas %s", topic.name(), p, partition.replicas());
            check(partition.leader() == partition.replicas().get(0), "topic %s: partition %d led by %d", topic.name(), p,
                    partition.leader());
        }
    }

    private static void check(boolean condition, String format, Object... args) {
        if (!condition) {
            throw new AssertionError(String.format(format, args));
        }
    }
}
