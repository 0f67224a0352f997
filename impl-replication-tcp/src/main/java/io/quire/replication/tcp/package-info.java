/**
 * The {@code tcp} replication transport: a leader ships its metadata WAL records to its followers
 * over Quire's own length-prefixed protocol, described frame by frame in the module's
 * {@code PROTOCOL.md}.
 *
 * <p>The parts, one job each: {@link io.quire.replication.tcp.TcpReplicationProvider} (config keys,
 * creation), {@code PeerList} (the peers key), {@code Frame}/{@code FrameCodec}/{@code FrameDecoder}/
 * {@code FrameEncoder} (the wire format and its validation), {@code PeerAuthenticator} (the HMAC
 * proofs), {@code LeaderHandshake} and {@code LeaderSession}/{@code Shipper} (the leader's side),
 * {@code LeaderConnector}, {@code FollowerHandshake}, {@code FollowerSession}/{@code ReplicaStream}
 * (the follower's side), and {@code TcpReplicationTransport}, which ties them to the SPI lifecycle.
 */
package io.quire.replication.tcp;
