package io.quire.launcher.waldump;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quire.api.command.CreateTopic;
import io.quire.api.command.MetadataCommand;
import io.quire.api.command.RegisterBroker;
import io.quire.api.metadata.BrokerInfo;
import io.quire.core.codec.CommandCodec;
import io.quire.core.snapshot.SnapshotStore;
import io.quire.launcher.Main;
import io.quire.launcher.plugins.PluginKind;
import io.quire.launcher.plugins.PluginRegistry;
import io.quire.spi.statemachine.StateMachine;
import io.quire.spi.statemachine.StateMachineProvider;
import io.quire.spi.wal.MetadataWal;
import io.quire.spi.wal.WalProvider;
import io.quire.tck.wal.FileTree;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine;

/** {@code quire wal dump} on real data directories, run in this JVM as {@code Main} runs it. */
class WalDumpCommandTest {

    /** The golden WAL of version 1, written by the file plugin: see its README.txt. */
    private static final Path GOLDEN_WAL = Path.of("..", "core", "src", "test", "resources", "golden", "wal-v1",
            "00000000000000000000.wal");
    private static final String GOLDEN_SEGMENT = "00000000000000000000.wal";
    private static final List<String> GOLDEN_RECORDS = List.of(
            "offset=0 epoch=1 bytes=16 crc=ok RegisterBroker id=1 host=127.0.0.1 port=9092 rack=null",
            "offset=1 epoch=1 bytes=20 crc=ok RegisterBroker id=2 host=10.0.0.2 port=9093 rack=rack-b",
            "offset=2 epoch=1 bytes=83 crc=ok CreateTopic name=golden-topic id=6f1c7d3e-8a2b-4c5d-9e0f-112233445566"
                    + " partitions=3 replicas=[[1,2],[2,1],[1,2]] configs={cleanup.policy=compact,retention.ms=86400000}",
            "offset=3 epoch=1 bytes=35 crc=ok CreateTopic name=golden.other id=0b5e7a1c-2d3f-4e5a-8b6c-7d8e9f0a1b2c"
                    + " partitions=1 replicas=[[2]] configs={}",
            "offset=4 epoch=1 bytes=31 crc=ok DeleteTopic name=golden.other id=0b5e7a1c-2d3f-4e5a-8b6c-7d8e9f0a1b2c");

    private final CommandCodec codec = new CommandCodec();
    private final PluginRegistry registry = PluginRegistry.discover(getClass().getClassLoader());

    @TempDir
    Path tempDir;

    private Path data;

    @BeforeEach
    void dataDirectory() {
        data = tempDir.resolve("data");
    }

    @Test
    void goldenWalPrintsEveryRecordDecoded() throws Exception {
        Path wal = goldenCopy();

        Run run = dump("--data-dir", data.toString());

        assertThat(run.status()).isEqualTo(WalDumpCommand.INTACT);
        List<String> expected = new ArrayList<>();
        expected.add("WAL of plugin file in " + wal + ":");
        expected.addAll(GOLDEN_RECORDS);
        expected.add("5 record(s), offsets 0 to 4; intact");
        expected.add("Snapshots in " + data.resolve("snapshots") + ": none");
        assertThat(run.lines()).containsExactlyElementsOf(expected);
        assertThat(run.err()).isEmpty();
    }

    @Test
    void goldenWalAsJsonIsOneObjectPerLine() throws Exception {
        goldenCopy();

        Run run = dump("--data-dir", data.toString(), "--json");

        assertThat(run.status()).isEqualTo(WalDumpCommand.INTACT);
        List<JsonNode> lines = run.json();
        assertThat(lines).extracting(line -> line.get("kind").asText())
                .containsExactly("record", "record", "record", "record", "record", "wal");
        assertThat(lines.subList(0, 5)).extracting(line -> line.get("offset").asLong()).containsExactly(0L, 1L, 2L, 3L, 4L);
        assertThat(lines.subList(0, 5)).extracting(line -> line.get("epoch").asLong()).containsOnly(1L);
        assertThat(lines.subList(0, 5)).extracting(line -> line.get("crc").asText()).containsOnly("ok");
        assertThat(lines.subList(0, 5)).extracting(line -> line.get("command").get("type").asText())
                .containsExactly("RegisterBroker", "RegisterBroker", "CreateTopic", "CreateTopic", "DeleteTopic");
        JsonNode created = lines.get(2);
        assertThat(created.get("bytes").asInt()).isEqualTo(83);
        assertThat(created.get("command").toString()).isEqualTo("{\"type\":\"CreateTopic\",\"name\":\"golden-topic\","
                + "\"id\":\"6f1c7d3e-8a2b-4c5d-9e0f-112233445566\",\"partitions\":3,\"replicas\":[[1,2],[2,1],[1,2]],"
                + "\"configs\":{\"cleanup.policy\":\"compact\",\"retention.ms\":\"86400000\"}}");
        assertThat(lines.get(1).get("command").get("rack").asText()).isEqualTo("rack-b");
        assertThat(lines.get(5).get("records").asLong()).isEqualTo(5);
        assertThat(lines.get(5).get("intact").asBoolean()).isTrue();
    }

    @Test
    void fromStartsAtTheOffset() throws Exception {
        goldenCopy();

        Run run = dump("--data-dir", data.toString(), "--from", "3");

        assertThat(run.lines()).containsSubsequence(GOLDEN_RECORDS.get(3), GOLDEN_RECORDS.get(4),
                "2 record(s), offsets 3 to 4; intact");
        assertThat(run.out()).doesNotContain("offset=2 ");
    }

    @Test
    void tornTailIsReportedWhereItStartsAndLeftInPlace() throws Exception {
        Path wal = goldenCopy();
        try (FileChannel segment = FileChannel.open(wal.resolve(GOLDEN_SEGMENT), StandardOpenOption.WRITE)) {
            // The last record's frame starts at 250 and ends at 305: cut inside its payload.
            segment.truncate(290);
        }
        FileTree before = FileTree.of(data);

        Run run = dump("--data-dir", data.toString());

        assertThat(run.status()).isEqualTo(WalDumpCommand.DAMAGED);
        assertThat(run.lines()).containsSubsequence(GOLDEN_RECORDS.get(0), GOLDEN_RECORDS.get(1), GOLDEN_RECORDS.get(2),
                GOLDEN_RECORDS.get(3),
                "DAMAGE at offset=4 (file 00000000000000000000.wal, position 250): torn record: length 31 but only 16"
                        + " bytes follow the header",
                "4 record(s), offsets 0 to 3; 1 damage(s): a node opening this WAL cuts it at offset 4");
        assertThat(FileTree.of(data)).isEqualTo(before);
    }

    @Test
    void flippedByteIsACrcMismatchAndTheRecordsAroundItAreListed() throws Exception {
        Path wal = goldenCopy();
        flipByte(wal.resolve(GOLDEN_SEGMENT), 150);
        FileTree before = FileTree.of(data);

        Run run = dump("--data-dir", data.toString());

        assertThat(run.status()).isEqualTo(WalDumpCommand.DAMAGED);
        assertThat(run.lines()).containsSubsequence(GOLDEN_RECORDS.get(0), GOLDEN_RECORDS.get(1));
        assertThat(run.lines()).anySatisfy(line -> assertThat(line).startsWith("offset=2 epoch=1 bytes=83 crc=mismatch "));
        assertThat(run.lines()).containsSubsequence(
                "DAMAGE at offset=2 (file 00000000000000000000.wal, position 84): CRC mismatch",
                GOLDEN_RECORDS.get(3), GOLDEN_RECORDS.get(4));
        assertThat(run.lines()).anySatisfy(summary -> assertThat(summary)
                .startsWith("5 record(s), offsets 0 to 4, 1 with a CRC mismatch")
                .endsWith("; 1 damage(s): a node opening this WAL cuts it at offset 2"));
        Run json = dump("--data-dir", data.toString(), "--json");
        assertThat(json.json()).filteredOn(line -> line.get("kind").asText().equals("damage")).singleElement()
                .satisfies(damage -> {
                    assertThat(damage.get("offset").asLong()).isEqualTo(2);
                    assertThat(damage.get("problem").asText()).isEqualTo("CRC mismatch");
                });
        assertThat(FileTree.of(data)).isEqualTo(before);
    }

    @ParameterizedTest(name = "plugins.wal={0}")
    @ValueSource(strings = {"file", "mapdb"})
    void recordsWrittenThroughThePluginAreDumpedAfterItStopped(String plugin) throws Exception {
        UUID topicId = UUID.fromString("00000000-0000-0000-0000-000000000042");
        try (MetadataWal wal = createWal(plugin)) {
            append(wal, 1, new RegisterBroker(new BrokerInfo(1, "127.0.0.1", 9092, null)));
            append(wal, 2, new CreateTopic("orders", topicId, List.of(List.of(1), List.of(1), List.of(1)), Map.of()));
        }
        FileTree before = FileTree.of(data);

        Run run = dump("--data-dir", data.toString());

        assertThat(run.status()).isEqualTo(WalDumpCommand.INTACT);
        assertThat(run.lines()).containsExactly(
                "WAL of plugin " + plugin + " in " + data.resolve("wal").resolve(plugin) + ":",
                "offset=0 epoch=1 bytes=16 crc=ok RegisterBroker id=1 host=127.0.0.1 port=9092 rack=null",
                "offset=1 epoch=2 bytes=33 crc=ok CreateTopic name=orders id=" + topicId
                        + " partitions=3 replicas=[[1],[1],[1]] configs={}",
                "2 record(s), offsets 0 to 1; intact",
                "Snapshots in " + data.resolve("snapshots") + ": none");
        assertThat(FileTree.of(data)).isEqualTo(before);
    }

    @Test
    void snapshotsAreListedAndOneThatDoesNotReadBackIsReported() throws Exception {
        List<MetadataCommand> commands = List.of(
                new RegisterBroker(new BrokerInfo(1, "127.0.0.1", 9092, null)),
                new CreateTopic("orders", UUID.randomUUID(), List.of(List.of(1), List.of(1), List.of(1)), Map.of()),
                new CreateTopic("payments", UUID.randomUUID(), List.of(List.of(1)), Map.of()));
        StateMachine state = createStateMachine();
        for (int offset = 0; offset < commands.size(); offset++) {
            state.apply(offset, commands.get(offset));
        }
        SnapshotStore.Snapshot good = new SnapshotStore(data.resolve("snapshots")).write(3, 1, state::writeSnapshot);
        // What the WAL holds after that snapshot: it dropped the records the snapshot covers.
        try (MetadataWal wal = createWal("file")) {
            wal.deletePrefix(3);
            append(wal, 1, new RegisterBroker(new BrokerInfo(2, "127.0.0.2", 9093, null)));
        }
        Path corrupt = good.file().resolveSibling("snapshot-00000000000000000004-1.bin");
        Files.copy(good.file(), corrupt);
        flipByte(corrupt, Files.size(corrupt) - 10);
        FileTree before = FileTree.of(data);

        Run run = dump("--data-dir", data.toString());

        assertThat(run.status()).isEqualTo(WalDumpCommand.DAMAGED);
        long bytes = Files.size(good.file());
        assertThat(run.lines()).containsSubsequence(
                "offset=3 epoch=1 bytes=16 crc=ok RegisterBroker id=2 host=127.0.0.2 port=9093 rack=null",
                "1 record(s), offsets 3 to 3; intact",
                "Snapshots in " + data.resolve("snapshots") + ": 2",
                "snapshot endOffset=3 epoch=1 bytes=" + bytes + " intact=yes brokers=1 topics=2 partitions=4 digest="
                        + state.digest(),
                "snapshot endOffset=4 epoch=1 bytes=" + bytes + " intact=no: corrupt snapshot: checksum mismatch");
        Run json = dump("--data-dir", data.toString(), "--json");
        assertThat(json.json()).filteredOn(line -> line.get("kind").asText().equals("snapshot"))
                .extracting(line -> line.get("endOffset").asLong() + " " + line.get("intact").asBoolean())
                .containsExactly("3 true", "4 false");
        assertThat(FileTree.of(data)).isEqualTo(before);
    }

    @Test
    void missingDirectoryIsRefused() {
        Run run = dump("--data-dir", data.toString());

        assertThat(run.status()).isEqualTo(WalDumpCommand.NOT_DUMPED);
        assertThat(run.err()).isEqualTo("quire wal dump: no such directory: " + data + "\n");
        assertThat(run.out()).isEmpty();
    }

    @Test
    void emptyDirectoryIsRefused() throws Exception {
        Files.createDirectories(data);

        Run run = dump("--data-dir", data.toString());

        assertThat(run.status()).isEqualTo(WalDumpCommand.NOT_DUMPED);
        assertThat(run.err()).isEqualTo("quire wal dump: " + data + " holds no Quire node data: no " + data.resolve("wal")
                + " and no " + data.resolve("consensus") + "\n");
        assertThat(data).isEmptyDirectory();
    }

    @Test
    void fileGivenAsTheDataDirectoryIsRefused() throws Exception {
        Path file = Files.writeString(tempDir.resolve("node.yaml"), "node.id: 1\n");

        Run run = dump("--data-dir", file.toString());

        assertThat(run.status()).isEqualTo(WalDumpCommand.NOT_DUMPED);
        assertThat(run.err()).isEqualTo("quire wal dump: " + file + " is not a directory; give --data-dir the node's"
                + " data.dir\n");
    }

    @Test
    void storeFileThatIsNotAWalIsRefusedAndLeftAlone() throws Exception {
        Path store = Files.createDirectories(data.resolve("wal").resolve("mapdb")).resolve("wal.mapdb");
        Files.writeString(store, "not a MapDB store");

        Run run = dump("--data-dir", data.toString());

        assertThat(run.status()).isEqualTo(WalDumpCommand.NOT_DUMPED);
        assertThat(run.err()).startsWith("quire wal dump: cannot read the WAL in " + store.getParent()
                + ": Metadata WAL store " + store + " cannot be read");
        assertThat(store).hasContent("not a MapDB store");
    }

    @Test
    void nodeWithoutAWalIsToldItsLogIsTheConsensusLog() throws Exception {
        Files.createDirectories(data.resolve("consensus").resolve("ratis"));

        Run run = dump("--data-dir", data.toString());

        assertThat(run.status()).isEqualTo(WalDumpCommand.NOT_DUMPED);
        assertThat(run.err()).contains("has no metadata WAL", "plugins.wal=none", "consensus plugin (ratis, in "
                + data.resolve("consensus") + ")");
    }

    @Test
    void unknownPluginIsRefusedNamingWhatIsThere() throws Exception {
        goldenCopy();

        Run run = dump("--data-dir", data.toString(), "--plugin", "mapdb");

        assertThat(run.status()).isEqualTo(WalDumpCommand.NOT_DUMPED);
        assertThat(run.err()).isEqualTo("quire wal dump: no WAL of plugin 'mapdb' in " + data.resolve("wal")
                + " (found: file)\n");
    }

    /** Locked as a running node locks it (in this JVM; WalDumpScriptIT has a node in another process). */
    @Test
    void directoryHeldByANodeIsRefused() throws Exception {
        goldenCopy();
        try (FileChannel channel = FileChannel.open(data.resolve(".lock"), StandardOpenOption.CREATE,
                StandardOpenOption.WRITE); FileLock held = channel.lock()) {
            FileTree before = FileTree.of(data);

            Run run = dump("--data-dir", data.toString());

            assertThat(run.status()).isEqualTo(WalDumpCommand.IN_USE);
            assertThat(run.err()).startsWith("quire wal dump: " + data.toAbsolutePath()
                    + " is in use by another Quire process: stop the node first");
            assertThat(run.out()).isEmpty();
            assertThat(FileTree.of(data)).isEqualTo(before);
        }
    }

    @Test
    void helpNamesEveryExitStatus() {
        Run run = dump("--help");

        assertThat(run.status()).isZero();
        assertThat(run.out()).contains("Exit status:", "0   every record", "1   dumped, but", "2   nothing dumped",
                "3   the data directory is in use", "java.io.tmpdir");
    }

    private Path goldenCopy() throws IOException {
        Path wal = Files.createDirectories(data.resolve("wal").resolve("file"));
        Files.copy(GOLDEN_WAL, wal.resolve(GOLDEN_SEGMENT));
        return wal;
    }

    private MetadataWal createWal(String plugin) throws IOException {
        WalProvider provider = (WalProvider) registry.require(PluginKind.WAL, plugin);
        return provider.create(new DefaultsContext(Files.createDirectories(data.resolve("wal").resolve(plugin))));
    }

    private StateMachine createStateMachine() throws IOException {
        StateMachineProvider provider = (StateMachineProvider) registry.require(PluginKind.STATE_MACHINE,
                PluginKind.STATE_MACHINE.defaultName());
        return provider.create(new DefaultsContext(Files.createDirectories(tempDir.resolve("state-machine"))));
    }

    private void append(MetadataWal wal, long epoch, MetadataCommand command) throws Exception {
        wal.append(epoch, codec.encode(command)).get(10, TimeUnit.SECONDS);
    }

    private static void flipByte(Path file, long position) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            ByteBuffer one = ByteBuffer.allocate(1);
            channel.read(one, position);
            one.put(0, (byte) ~one.get(0)).rewind();
            channel.write(one, position);
        }
    }

    private static Run dump(String... options) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        String[] args = new String[options.length + 2];
        args[0] = "wal";
        args[1] = "dump";
        System.arraycopy(options, 0, args, 2, options.length);
        int status = new CommandLine(new Main()).setOut(new PrintWriter(out)).setErr(new PrintWriter(err))
                .execute(args);
        return new Run(status, out.toString(), err.toString());
    }

    private record Run(int status, String out, String err) {

        List<String> lines() {
            return out.lines().toList();
        }

        List<JsonNode> json() throws IOException {
            ObjectMapper mapper = new ObjectMapper();
            List<JsonNode> objects = new ArrayList<>();
            for (String line : lines()) {
                objects.add(mapper.readTree(line));
            }
            return objects;
        }
    }
}
