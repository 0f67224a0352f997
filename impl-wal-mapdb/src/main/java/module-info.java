/**
 * The metadata WAL plugin {@code mapdb}: records in a transactional MapDB store file, one MapDB
 * commit per group of appends made atomic by a journal, and a check on open that cuts the log at
 * its first gap or corrupt record. Selected with {@code plugins.wal: mapdb}; it exports nothing,
 * the launcher reaches it through {@link io.quire.spi.wal.WalProvider}.
 */
module io.quire.wal.mapdb {
    requires io.quire.spi;
    // MapDB 3.1.0 has no module descriptor: an automatic module named after its jar.
    requires mapdb;
    // An automatic module declares no dependencies, so the explicit modules MapDB loads classes
    // from at run time are required here; otherwise the module path would not resolve them.
    // (Its automatic dependencies, eclipse-collections, elsa and lz4-java, are resolved with it.)
    requires kotlin.stdlib;
    requires com.google.common;
    requires org.slf4j;

    provides io.quire.spi.wal.WalProvider with io.quire.wal.mapdb.MapDbWalProvider;
}
