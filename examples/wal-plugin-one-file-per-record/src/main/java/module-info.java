/** An example metadata WAL plugin: every record in its own file. */
module com.example.quire.wal.onefile {
    requires io.quire.spi;
    requires java.logging;

    provides io.quire.spi.wal.WalProvider with com.example.quire.wal.onefile.OneFilePerRecordWalProvider;
}
