package io.quire.launcher;

/**
 * The AdminClient suite against a node without a metadata WAL: every write goes through the Ratis
 * log and is applied from it (the seed's Phase 1), with the same client-visible behaviour.
 */
class ConsensusOnlyAdminClientTopicsTest extends AdminClientTopicsTest {

    @Override
    String[] nodeSettings() {
        return new String[] {"node.id=7", "plugins.wal=none", "plugins.consensus=ratis",
                "consensus.ratis.peers=7=127.0.0.1:" + LoopbackPorts.free(1).get(0),
                "consensus.ratis.election-timeout-ms=200"};
    }
}
