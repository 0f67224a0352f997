/**
 * The conformance kit: abstract JUnit 5 suites that a plugin's own tests extend, one per plugin
 * kind, each checking the numbered rules of its SPI's contract (see {@code RULES.md}).
 *
 * <p>A WAL plugin binds the suite with one small subclass of
 * {@link io.quire.tck.wal.MetadataWalVerification}, a replication transport with one of
 * {@link io.quire.tck.replication.ReplicationTransportVerification}, whose
 * {@link io.quire.tck.replication.MemoryLog} a transport's own tests may use too, a consensus plugin
 * with one of {@link io.quire.tck.consensus.ConsensusVerification}. Plugins whose tests run on the module path must
 * open their test package to {@code org.junit.platform.commons}, as this module does.
 */
module io.quire.tck {
    requires transitive io.quire.spi;
    requires transitive org.junit.jupiter.api;
    requires org.assertj.core;
    requires awaitility;
    requires org.slf4j;

    exports io.quire.tck.wal;
    exports io.quire.tck.replication;
    exports io.quire.tck.consensus;
    exports io.quire.tck.fuzz;

    opens io.quire.tck.wal to org.junit.platform.commons;
    opens io.quire.tck.replication to org.junit.platform.commons;
    opens io.quire.tck.consensus to org.junit.platform.commons;
}
