package io.quire.launcher;

/** An elected (Ratis) cluster without metadata WALs: the Raft log is the metadata log. */
class ConsensusLogClusterIT extends ElectedClusterIT {

    @Override
    String transport() {
        return LocalCluster.CONSENSUS_LOG;
    }
}
