/**
 * The service-provider interfaces of Quire.
 *
 * <p>A plugin is a provider of one of the four kinds ({@link io.quire.spi.wal.WalProvider},
 * {@link io.quire.spi.replication.ReplicationTransportProvider},
 * {@link io.quire.spi.consensus.ConsensusProvider},
 * {@link io.quire.spi.statemachine.StateMachineProvider}), found with {@link java.util.ServiceLoader}:
 * a modular jar declares {@code provides io.quire.spi.wal.WalProvider with ...} and also lists the
 * class in {@code META-INF/services/io.quire.spi.wal.WalProvider} so that it is found on the class
 * path too. The node's config selects one provider of each kind by its {@link
 * io.quire.spi.plugin.PluginProvider#name() name}.
 */
module io.quire.spi {
    requires transitive io.quire.api;
    requires transitive micrometer.core;
    requires org.slf4j;

    exports io.quire.spi.plugin;
    exports io.quire.spi.wal;
    exports io.quire.spi.replication;
    exports io.quire.spi.consensus;
    exports io.quire.spi.statemachine;
    exports io.quire.spi.log;
}
