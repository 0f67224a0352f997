/** The {@code static} consensus plugin: a leader named in the config, for single nodes and fixed-leader clusters. */
module io.quire.consensus.staticleader {
    requires io.quire.spi;

    provides io.quire.spi.consensus.ConsensusProvider
            with io.quire.consensus.staticleader.StaticConsensusProvider;
}
