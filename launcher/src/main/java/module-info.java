/**
 * Reads the node's config, discovers the plugins it names, wires them with Guice and runs the node.
 * Plugins are found with ServiceLoader on the module path and on the class path.
 */
module io.quire.launcher {
    requires transitive io.quire.core;
    requires io.quire.kafka;
    requires com.google.guice;
    requires info.picocli;
    requires com.fasterxml.jackson.databind;
    requires com.fasterxml.jackson.dataformat.yaml;
    requires org.slf4j;
    requires java.management;
    requires java.net.http;
    requires jdk.httpserver;
    requires micrometer.registry.prometheus;

    exports io.quire.launcher;
    exports io.quire.launcher.config;
    exports io.quire.launcher.plugins;
    exports io.quire.launcher.wiring;
    exports io.quire.launcher.ops;

    opens io.quire.launcher to info.picocli;
    opens io.quire.launcher.waldump to info.picocli;
    opens io.quire.launcher.wiring to com.google.guice;

    uses io.quire.spi.wal.WalProvider;
    uses io.quire.spi.replication.ReplicationTransportProvider;
    uses io.quire.spi.consensus.ConsensusProvider;
    uses io.quire.spi.statemachine.StateMachineProvider;
}
