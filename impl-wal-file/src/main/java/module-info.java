/**
 * The metadata WAL plugin {@code file}: segment files of CRC32C-framed records, group commit with
 * one force per batch, and crash recovery that cuts the log at its first torn or corrupt record.
 * Selected with {@code plugins.wal: file}; it exports nothing, the launcher reaches it through
 * {@link io.quire.spi.wal.WalProvider}.
 */
module io.quire.wal.file {
    requires io.quire.spi;
    requires org.slf4j;

    provides io.quire.spi.wal.WalProvider with io.quire.wal.file.FileWalProvider;
}
