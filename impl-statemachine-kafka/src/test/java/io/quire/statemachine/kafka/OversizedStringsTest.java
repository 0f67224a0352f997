package io.quire.statemachine.kafka;

import static io.quire.statemachine.kafka.StateMachines.broker;
import static io.quire.statemachine.kafka.StateMachines.create;
import static io.quire.statemachine.kafka.StateMachines.snapshotOf;
import static org.assertj.core.api.Assertions.assertThat;

import io.quire.api.command.RegisterBroker;
import io.quire.api.metadata.BrokerInfo;
import io.quire.api.result.CommandResult;
import io.quire.spi.statemachine.StateMachine;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kafka clients may send config values of any length: strings far beyond 64 KiB (the limit of
 * {@code DataOutput.writeUTF}) are applied and survive digests and snapshots.
 */
class OversizedStringsTest {

    private static final int BEYOND_WRITE_UTF = 200_000;

    @TempDir
    Path dir;

    private StateMachine stateMachine;

    @BeforeEach
    void registerABroker() {
        stateMachine = StateMachines.create(dir);
        stateMachine.apply(0, broker(1));
    }

    @Test
    void longConfigKeysAndValuesSurviveASnapshot() throws IOException {
        String value = "é".repeat(BEYOND_WRITE_UTF);
        String key = "k".repeat(BEYOND_WRITE_UTF);
        assertThat(stateMachine.apply(1, create("big", List.of(List.of(1)), Map.of("value", value, key, "v"))))
                .isEqualTo(CommandResult.OK);
        String digest = stateMachine.digest();

        StateMachine restored = StateMachines.create(dir.resolve("restored"));
        restored.restoreSnapshot(new ByteArrayInputStream(snapshotOf(stateMachine)));

        assertThat(restored.digest()).isEqualTo(digest);
        assertThat(restored.view().topic("big").orElseThrow().configs()).containsEntry("value", value)
                .containsEntry(key, "v");
    }

    @Test
    void aLongBrokerHostSurvivesASnapshot() throws IOException {
        String host = "h".repeat(BEYOND_WRITE_UTF);
        assertThat(stateMachine.apply(1, new RegisterBroker(new BrokerInfo(2, host, 9092, "r".repeat(BEYOND_WRITE_UTF)))))
                .isEqualTo(CommandResult.OK);

        StateMachine restored = StateMachines.create(dir.resolve("restored"));
        restored.restoreSnapshot(new ByteArrayInputStream(snapshotOf(stateMachine)));

        assertThat(restored.view().broker(2).orElseThrow().host()).isEqualTo(host);
        assertThat(restored.digest()).isEqualTo(stateMachine.digest());
    }
}
