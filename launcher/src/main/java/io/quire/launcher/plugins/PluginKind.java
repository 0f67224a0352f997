package io.quire.launcher.plugins;

import io.quire.spi.consensus.ConsensusProvider;
import io.quire.spi.plugin.PluginProvider;
import io.quire.spi.replication.ReplicationTransportProvider;
import io.quire.spi.statemachine.StateMachineProvider;
import io.quire.spi.wal.WalProvider;

/** The four kinds of plugin, each with its config prefix and service type. */
public enum PluginKind {
    /** Optional: without a WAL the consensus log is the metadata log. */
    WAL("wal", WalProvider.class, "file"),
    REPLICATION("replication", ReplicationTransportProvider.class, PluginKind.NONE),
    CONSENSUS("consensus", ConsensusProvider.class, "static"),
    STATE_MACHINE("state-machine", StateMachineProvider.class, "kafka-metadata");

    /** The plugin name that selects no plugin, where a kind is optional. */
    public static final String NONE = "none";

    private final String prefix;
    private final Class<? extends PluginProvider<?>> serviceType;
    private final String defaultName;

    PluginKind(String prefix, Class<? extends PluginProvider<?>> serviceType, String defaultName) {
        this.prefix = prefix;
        this.serviceType = serviceType;
        this.defaultName = defaultName;
    }

    /** The word used in config keys: {@code plugins.<prefix>} selects, {@code <prefix>.<name>.*} configures. */
    public String prefix() {
        return prefix;
    }

    public Class<? extends PluginProvider<?>> serviceType() {
        return serviceType;
    }

    public String defaultName() {
        return defaultName;
    }

    /** Whether {@link #NONE} may be selected. */
    public boolean optional() {
        return this == REPLICATION || this == WAL;
    }

    /** The config key that selects this kind's plugin. */
    public String selectorKey() {
        return "plugins." + prefix;
    }
}
