package io.quire.launcher;

/** An elected (Ratis) cluster replicating over the {@code hazelcast} transport. */
class HazelcastElectedClusterIT extends ElectedClusterIT {

    @Override
    String transport() {
        return "hazelcast";
    }
}
