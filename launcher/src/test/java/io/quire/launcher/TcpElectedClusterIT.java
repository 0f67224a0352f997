package io.quire.launcher;

/** An elected (Ratis) cluster replicating over the {@code tcp} transport. */
class TcpElectedClusterIT extends ElectedClusterIT {

    @Override
    String transport() {
        return "tcp";
    }
}
