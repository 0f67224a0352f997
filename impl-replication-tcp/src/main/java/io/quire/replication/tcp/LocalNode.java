package io.quire.replication.tcp;

import io.quire.api.metadata.BrokerInfo;

/** Who this node is, as both sides of the handshake need it. */
record LocalNode(
        int nodeId,
        String clusterId,
        BrokerInfo broker,
        PeerList peers,
        PeerAuthenticator authenticator,
        TcpReplicationConfig config) {}
