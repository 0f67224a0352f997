/**
 * The replication transport plugin {@code tcp}: the leader ships its metadata WAL records to the
 * followers over Netty, after a mutual HMAC handshake, in acknowledged batches with back-pressure
 * per follower, with catch-up by leader-epoch truncation and snapshot transfer. Selected with
 * {@code plugins.replication: tcp}; it exports nothing, the launcher reaches it through
 * {@link io.quire.spi.replication.ReplicationTransportProvider}. The wire protocol is described in
 * the module's {@code PROTOCOL.md}.
 */
module io.quire.replication.tcp {
    requires io.quire.spi;
    requires io.netty.buffer;
    requires io.netty.codec;
    requires io.netty.common;
    requires io.netty.transport;
    requires org.slf4j;

    provides io.quire.spi.replication.ReplicationTransportProvider
            with io.quire.replication.tcp.TcpReplicationProvider;
}
