/**
 * The engine: the metadata log's fast path on the leader, replay at start, ordered apply and the
 * waiters that answer clients. It sees plugins only through the SPI.
 */
module io.quire.core {
    requires transitive io.quire.spi;
    requires com.esotericsoftware.kryo;
    requires org.slf4j;

    exports io.quire.core.codec;
    exports io.quire.core.engine;
    exports io.quire.core.snapshot;
    exports io.quire.core.status;
    exports io.quire.core.topics;
}
