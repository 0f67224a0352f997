package io.quire.launcher;

class HazelcastReplicationClusterIT extends ReplicationClusterIT {

    @Override
    String transport() {
        return "hazelcast";
    }
}
