package io.quire.launcher;

class TcpReplicationClusterIT extends ReplicationClusterIT {

    @Override
    String transport() {
        return "tcp";
    }
}
