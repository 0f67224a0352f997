package io.quire.statemachine.kafka;

import static io.quire.statemachine.kafka.StateMachines.applyAll;
import static io.quire.statemachine.kafka.StateMachines.broker;
import static io.quire.statemachine.kafka.StateMachines.create;
import static io.quire.statemachine.kafka.StateMachines.snapshotOf;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.quire.api.command.CreateTopic;
import io.quire.api.command.DeleteTopic;
import io.quire.api.command.MetadataCommand;
import io.quire.api.command.RegisterBroker;
import io.quire.api.metadata.BrokerInfo;
import io.quire.api.metadata.TopicMetadata;
import io.quire.api.result.CommandResult;
import io.quire.spi.statemachine.StateMachine;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32C;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** writeSnapshot / restoreSnapshot: a faithful round trip, and corrupt snapshots refused without harm. */
class SnapshotTest {

    @TempDir
    Path dir;

    private StateMachine source;

    @BeforeEach
    void populateTheSource() {
        source = StateMachines.create(dir);
        CreateTopic deleted = create("deleted.soon", List.of(List.of(1)));
        List<CommandResult> results = applyAll(source, 0, List.of(
                broker(1),
                broker(2),
                new RegisterBroker(new BrokerInfo(3, "three.example", 9095, "rack-c")),
                create("orders", List.of(List.of(1, 2, 3), List.of(2, 3, 1)), Map.of("cleanup.policy", "compact", "retention.ms", "-1")),
                create("metrics.cpu", List.of(List.of(3))),
                create("unicode-config", List.of(List.of(2)), Map.of("note", "grüße \u00e9\u4e2d\u0000")),
                deleted,
                new DeleteTopic(deleted.name(), deleted.topicId())));
        assertThat(results).allMatch(CommandResult::isSuccess);
        source.apply(10, create("orders", List.of(List.of(1)))); // refused, but applied at offset 10
    }

    @Test
    void restoringASnapshotIntoAFreshInstanceReproducesDigestOffsetAndView() throws IOException {
        byte[] snapshot = snapshotOf(source);
        StateMachine restored = StateMachines.create(dir);

        restored.restoreSnapshot(new ByteArrayInputStream(snapshot));

        assertThat(restored.appliedOffset()).isEqualTo(10);
        assertThat(restored.digest()).isEqualTo(source.digest());
        assertViewsEqual(restored, source);
        assertThat(restored.view().topicCollidingWith("metrics_cpu")).contains("metrics.cpu");
        assertThat(restored.view().topic("deleted.soon")).isEmpty();
    }

    @Test
    void aRestoredInstanceContinuesExactlyLikeTheSource() throws IOException {
        StateMachine restored = StateMachines.create(dir);
        restored.restoreSnapshot(new ByteArrayInputStream(snapshotOf(source)));
        List<MetadataCommand> next = List.of(
                create("metrics_cpu", List.of(List.of(1))),
                create("orders", List.of(List.of(1))),
                new DeleteTopic("orders", StateMachines.idOf("orders")),
                create("late", List.of(List.of(3, 1))));

        assertThatThrownBy(() -> restored.apply(10, broker(4))).isInstanceOf(IllegalStateException.class);
        assertThat(applyAll(restored, 11, next)).isEqualTo(applyAll(source, 11, next));
        assertThat(restored.digest()).isEqualTo(source.digest());
        assertViewsEqual(restored, source);
    }

    @Test
    void theSnapshotOfAnEmptyStateMachineRestoresToEmpty() throws IOException {
        StateMachine empty = StateMachines.create(dir);
        StateMachine restored = StateMachines.create(dir);
        restored.restoreSnapshot(new ByteArrayInputStream(snapshotOf(source)));

        restored.restoreSnapshot(new ByteArrayInputStream(snapshotOf(empty)));

        assertThat(restored.appliedOffset()).isEqualTo(-1);
        assertThat(restored.digest()).isEqualTo(empty.digest());
        assertThat(restored.view().topics()).isEmpty();
        assertThat(restored.view().brokers()).isEmpty();
    }

    @Test
    void restoringReplacesTheWholePreviousState() throws IOException {
        StateMachine target = StateMachines.create(dir);
        applyAll(target, 0, List.of(broker(9), create("only-in-target", List.of(List.of(9)))));

        target.restoreSnapshot(new ByteArrayInputStream(snapshotOf(source)));

        assertThat(target.view().topic("only-in-target")).isEmpty();
        assertThat(target.view().broker(9)).isEmpty();
        assertThat(target.digest()).isEqualTo(source.digest());
        assertViewsEqual(target, source);
    }

    @Test
    void writingASnapshotTwiceGivesTheSameBytes() {
        assertThat(snapshotOf(source)).isEqualTo(snapshotOf(source));
    }

    @Test
    void aSnapshotWithAnyByteFlippedIsRefusedAndLeavesTheStateUnchanged() {
        byte[] snapshot = snapshotOf(source);
        StateMachine target = targetWithOwnState();
        Fingerprint before = Fingerprint.of(target);

        for (int position = 0; position < snapshot.length; position++) {
            for (int mask : new int[] {0x01, 0x80, 0xFF}) {
                byte[] corrupt = snapshot.clone();
                corrupt[position] ^= (byte) mask;
                int at = position;

                assertThatThrownBy(() -> target.restoreSnapshot(new ByteArrayInputStream(corrupt)))
                        .as("byte %d of %d flipped with mask %02x", at, snapshot.length, mask)
                        .isInstanceOf(IOException.class);
                assertThat(Fingerprint.of(target)).as("state after refusing byte %d flipped", at).isEqualTo(before);
            }
        }
    }

    @Test
    void aTruncatedSnapshotIsRefusedAndLeavesTheStateUnchanged() {
        byte[] snapshot = snapshotOf(source);
        StateMachine target = targetWithOwnState();
        Fingerprint before = Fingerprint.of(target);

        for (int length = 0; length < snapshot.length; length++) {
            byte[] truncated = Arrays.copyOf(snapshot, length);
            int at = length;

            assertThatThrownBy(() -> target.restoreSnapshot(new ByteArrayInputStream(truncated)))
                    .as("snapshot cut to %d of %d bytes", at, snapshot.length)
                    .isInstanceOf(IOException.class);
            assertThat(Fingerprint.of(target)).isEqualTo(before);
        }
    }

    @Test
    void aStreamWithTheWrongMagicIsRefused() {
        byte[] snapshot = snapshotOf(source);
        StateMachine target = targetWithOwnState();
        Fingerprint before = Fingerprint.of(target);
        byte[] wrongMagic = snapshot.clone();
        System.arraycopy("NOPE".getBytes(StandardCharsets.US_ASCII), 0, wrongMagic, 0, 4);
        byte[] text = "{\"topics\": []}".getBytes(StandardCharsets.US_ASCII);

        assertThatThrownBy(() -> target.restoreSnapshot(new ByteArrayInputStream(wrongMagic)))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("magic");
        assertThatThrownBy(() -> target.restoreSnapshot(new ByteArrayInputStream(text))).isInstanceOf(IOException.class);
        assertThat(Fingerprint.of(target)).isEqualTo(before);
    }

    @Test
    void aSnapshotOfAnUnknownFormatVersionIsRefused() {
        byte[] snapshot = snapshotOf(source);
        StateMachine target = targetWithOwnState();
        Fingerprint before = Fingerprint.of(target);
        ByteBuffer.wrap(snapshot).putInt(4, 2); // the int after the magic is the format version

        assertThatThrownBy(() -> target.restoreSnapshot(new ByteArrayInputStream(snapshot)))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("version");
        assertThat(Fingerprint.of(target)).isEqualTo(before);
    }

    /**
     * A snapshot whose checksum is right but whose content is impossible (as a buggy or hostile
     * peer could send) is corrupt too: refused with IOException, not with a runtime exception.
     * The frame is built here as the state machine writes it: magic, version, body length, body, CRC32C.
     */
    @Test
    void aSnapshotWithAValidChecksumButImpossibleContentIsRefusedWithIOException() throws IOException {
        StateMachine target = targetWithOwnState();
        Fingerprint before = Fingerprint.of(target);
        byte[] header = Arrays.copyOf(snapshotOf(source), 8); // magic and version of this writer

        byte[] portOutOfRange = body(out -> {
            out.writeLong(0);          // applied offset
            out.writeInt(1);           // one broker
            out.writeInt(1);
            out.writeUTF("host");
            out.writeInt(70_000);      // not a port
            out.writeBoolean(false);   // no rack
            out.writeInt(0);           // no topics
        });
        byte[] trailingBytes = body(out -> {
            out.writeLong(0);
            out.writeInt(0);
            out.writeInt(0);
            out.writeInt(0xdeadbeef);  // nothing may follow the topics
        });

        for (byte[] body : List.of(portOutOfRange, trailingBytes)) {
            byte[] snapshot = frame(header, body);
            assertThatThrownBy(() -> target.restoreSnapshot(new ByteArrayInputStream(snapshot)))
                    .isInstanceOf(IOException.class);
            assertThat(Fingerprint.of(target)).isEqualTo(before);
        }
    }

    private interface BodyWriter {
        void write(DataOutputStream out) throws IOException;
    }

    private static byte[] body(BodyWriter writer) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        writer.write(new DataOutputStream(bytes));
        return bytes.toByteArray();
    }

    private static byte[] frame(byte[] header, byte[] body) throws IOException {
        CRC32C crc = new CRC32C();
        crc.update(body);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(bytes);
        out.write(header);
        out.writeInt(body.length);
        out.write(body);
        out.writeInt((int) crc.getValue());
        return bytes.toByteArray();
    }

    private StateMachine targetWithOwnState() {
        StateMachine target = StateMachines.create(dir);
        applyAll(target, 0, List.of(broker(7), create("target-topic", List.of(List.of(7)), Map.of("a", "b"))));
        return target;
    }

    private static void assertViewsEqual(StateMachine actual, StateMachine expected) {
        assertThat(actual.view().brokers()).containsExactlyElementsOf(expected.view().brokers());
        assertThat(actual.view().topics()).containsExactlyElementsOf(expected.view().topics());
        for (TopicMetadata topic : expected.view().topics()) {
            assertThat(actual.view().topic(topic.topicId())).contains(topic);
            assertThat(actual.view().topic(topic.name())).contains(topic);
        }
        for (BrokerInfo broker : expected.view().brokers()) {
            assertThat(actual.view().broker(broker.id())).contains(broker);
        }
    }

    /** Everything observable about a state machine. */
    private record Fingerprint(long appliedOffset, String digest, List<TopicMetadata> topics, List<BrokerInfo> brokers,
            boolean idLookupWorks) {

        static Fingerprint of(StateMachine stateMachine) {
            List<TopicMetadata> topics = List.copyOf(stateMachine.view().topics());
            boolean idLookupWorks = topics.stream()
                    .allMatch(topic -> stateMachine.view().topic(topic.topicId()).filter(topic::equals).isPresent());
            return new Fingerprint(stateMachine.appliedOffset(), stateMachine.digest(), topics,
                    List.copyOf(stateMachine.view().brokers()), idLookupWorks);
        }
    }
}
