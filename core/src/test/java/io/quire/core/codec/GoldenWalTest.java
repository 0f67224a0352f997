package io.quire.core.codec;

import static org.assertj.core.api.Assertions.assertThat;

import io.quire.api.command.CreateTopic;
import io.quire.api.command.DeleteTopic;
import io.quire.api.command.MetadataCommand;
import io.quire.api.command.RegisterBroker;
import io.quire.api.metadata.BrokerInfo;
import io.quire.api.metadata.PartitionMetadata;
import io.quire.api.metadata.TopicMetadata;
import io.quire.api.result.CommandResult;
import io.quire.core.testing.EngineNode;
import io.quire.core.testing.Plugins;
import io.quire.spi.statemachine.StateMachine;
import io.quire.spi.wal.MetadataWal;
import io.quire.spi.wal.WalRecord;
import java.io.IOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A WAL written by version 1 ({@code src/test/resources/golden/wal-v1}, never regenerated) stays
 * readable: the real file WAL opens it, CommandCodec decodes every record to the command it was
 * written with, and replaying it gives the state it gave then.
 */
class GoldenWalTest {

    private static final String GOLDEN = "/golden/wal-v1";

    private static final UUID GOLDEN_TOPIC_ID = UUID.fromString("6f1c7d3e-8a2b-4c5d-9e0f-112233445566");
    private static final UUID OTHER_TOPIC_ID = UUID.fromString("0b5e7a1c-2d3f-4e5a-8b6c-7d8e9f0a1b2c");

    private static final BrokerInfo BROKER_1 = new BrokerInfo(1, "127.0.0.1", 9092, null);
    private static final BrokerInfo BROKER_2 = new BrokerInfo(2, "10.0.0.2", 9093, "rack-b");

    private static final List<MetadataCommand> WRITTEN = List.of(
            new RegisterBroker(BROKER_1),
            new RegisterBroker(BROKER_2),
            new CreateTopic("golden-topic", GOLDEN_TOPIC_ID, List.of(List.of(1, 2), List.of(2, 1), List.of(1, 2)),
                    Map.of("retention.ms", "86400000", "cleanup.policy", "compact")),
            new CreateTopic("golden.other", OTHER_TOPIC_ID, List.of(List.of(2)), Map.of()),
            new DeleteTopic("golden.other", OTHER_TOPIC_ID));

    private static final TopicMetadata GOLDEN_TOPIC = new TopicMetadata("golden-topic", GOLDEN_TOPIC_ID,
            List.of(new PartitionMetadata(0, 1, 0, List.of(1, 2), List.of(1, 2)),
                    new PartitionMetadata(1, 2, 0, List.of(2, 1), List.of(2, 1)),
                    new PartitionMetadata(2, 1, 0, List.of(1, 2), List.of(1, 2))),
            Map.of("retention.ms", "86400000", "cleanup.policy", "compact"));

    @TempDir
    Path tempDir;

    private final CommandCodec codec = new CommandCodec();
    private Path walDir;

    /** The WAL opens its files for writing (recovery may cut a tail), so it gets a copy. */
    @BeforeEach
    void copyTheGoldenWal() throws IOException, URISyntaxException {
        URL golden = GoldenWalTest.class.getResource(GOLDEN);
        assertThat(golden).as("test resource %s", GOLDEN).isNotNull();
        Path source = Path.of(golden.toURI());
        walDir = Files.createDirectories(tempDir.resolve("node").resolve("wal"));
        try (Stream<Path> files = Files.list(source)) {
            for (Path file : files.toList()) {
                Files.copy(file, walDir.resolve(file.getFileName().toString()));
            }
        }
        assertThat(walDir.resolve("00000000000000000000.wal")).isRegularFile();
    }

    @Test
    void everyRecordDecodesToTheCommandItWasWrittenWithAtEpoch1AndOffsets0To4() throws IOException {
        try (MetadataWal wal = Plugins.openFileWal(walDir)) {
            assertThat(wal.startOffset()).isEqualTo(0);
            assertThat(wal.endOffset()).isEqualTo(5);
            assertThat(wal.lastEpoch()).isEqualTo(1);

            List<WalRecord> records = wal.read(0, Integer.MAX_VALUE);

            assertThat(records).extracting(WalRecord::offset).containsExactly(0L, 1L, 2L, 3L, 4L);
            assertThat(records).extracting(WalRecord::epoch).containsOnly(1L);
            assertThat(records).extracting(record -> codec.decode(record.payload()))
                    .containsExactlyElementsOf(WRITTEN);
        }
    }

    @Test
    void replayingTheRecordsIntoAFreshStateMachineGivesTheGoldenTopicOnly() throws IOException {
        StateMachine stateMachine = Plugins.newKafkaStateMachine(tempDir.resolve("state-machine"));
        try (MetadataWal wal = Plugins.openFileWal(walDir)) {
            for (WalRecord record : wal.read(0, Integer.MAX_VALUE)) {
                CommandResult result = stateMachine.apply(record.offset(), codec.decode(record.payload()));
                assertThat(result).as("result of offset %d", record.offset()).isEqualTo(CommandResult.OK);
            }
        }

        assertGoldenState(stateMachine);
        assertThat(stateMachine.appliedOffset()).isEqualTo(4);
    }

    @Test
    void aNodeStartedOverTheGoldenWalRecoversItsStateAndWritesNothingNew() throws IOException {
        StateMachine replayed = Plugins.newKafkaStateMachine(tempDir.resolve("replayed"));
        try (EngineNode node = EngineNode.open(tempDir.resolve("node"))) {
            assertThat(EngineNode.SELF).isEqualTo(BROKER_1);

            node.recoverAndStart();

            assertGoldenState(node.stateMachine);
            assertThat(node.stateMachine.appliedOffset()).isEqualTo(4);
            assertThat(node.realWal.endOffset()).as("broker 1 was already registered").isEqualTo(5);
            for (WalRecord record : node.walRecords()) {
                replayed.apply(record.offset(), codec.decode(record.payload()));
            }
            assertThat(node.engine.digest()).isEqualTo(replayed.digest());
        }
    }

    private static void assertGoldenState(StateMachine stateMachine) {
        assertThat(stateMachine.view().brokers()).containsExactly(BROKER_1, BROKER_2);
        assertThat(stateMachine.view().topics()).containsExactly(GOLDEN_TOPIC);
        assertThat(stateMachine.view().topic(GOLDEN_TOPIC_ID)).contains(GOLDEN_TOPIC);
        assertThat(stateMachine.view().topic("golden.other")).isEmpty();
        assertThat(stateMachine.view().topic(OTHER_TOPIC_ID)).isEmpty();
        assertThat(stateMachine.view().topicCollidingWith("golden_other")).isEmpty();
    }
}
