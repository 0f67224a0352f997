package io.quire.core.testing;

import io.quire.api.metadata.BrokerInfo;
import io.quire.core.codec.CommandCodec;
import io.quire.core.engine.MetadataEngine;
import io.quire.spi.statemachine.StateMachine;
import io.quire.spi.wal.MetadataWal;
import io.quire.spi.wal.WalRecord;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.Function;
import java.util.function.UnaryOperator;

/**
 * One node as the launcher wires it, with the real {@code file} WAL and {@code kafka-metadata} state
 * machine in a data directory, a {@link LocalLeaderConsensus}, and optional test decorators around
 * the WAL and the state machine. {@link #close()} closes the engine and the WAL.
 */
public final class EngineNode implements AutoCloseable {

    /** How this node registers itself as a broker. */
    public static final BrokerInfo SELF = new BrokerInfo(Plugins.NODE_ID, "127.0.0.1", 9092, null);

    public static final Duration START_TIMEOUT = Duration.ofSeconds(10);

    public final MetadataWal realWal;
    public final MetadataWal wal;
    public final StateMachine stateMachine;
    public final LocalLeaderConsensus consensus;
    public final CommandCodec codec = new CommandCodec();
    public final MetadataEngine engine;

    private EngineNode(MetadataWal realWal, MetadataWal wal, StateMachine stateMachine) {
        this.realWal = realWal;
        this.wal = wal;
        this.stateMachine = stateMachine;
        this.consensus = new LocalLeaderConsensus(Plugins.NODE_ID);
        this.engine = new MetadataEngine(Plugins.NODE_ID, wal, stateMachine, consensus, codec);
    }

    /** A node over {@code dataDir}, not yet recovered nor started. */
    public static EngineNode open(Path dataDir) throws IOException {
        return open(dataDir, UnaryOperator.identity(), UnaryOperator.identity());
    }

    public static EngineNode open(Path dataDir, Function<MetadataWal, MetadataWal> walDecorator,
            Function<StateMachine, StateMachine> stateMachineDecorator) throws IOException {
        MetadataWal realWal = Plugins.openFileWal(dataDir.resolve("wal"));
        try {
            StateMachine stateMachine = stateMachineDecorator.apply(Plugins.newKafkaStateMachine(dataDir.resolve("state-machine")));
            return new EngineNode(realWal, walDecorator.apply(realWal), stateMachine);
        } catch (IOException | RuntimeException e) {
            realWal.close();
            throw e;
        }
    }

    /** recover() and then start() as {@link #SELF}. */
    public EngineNode recoverAndStart() throws IOException {
        engine.recover();
        engine.start(SELF, START_TIMEOUT);
        return this;
    }

    /** Every record the real WAL holds. */
    public List<WalRecord> walRecords() throws IOException {
        return realWal.read(realWal.startOffset(), Integer.MAX_VALUE);
    }

    @Override
    public void close() {
        engine.close();
        realWal.close();
    }
}
