package io.quire.tck.replication;

import io.quire.spi.replication.ReplicationTransportProvider;
import java.time.Duration;
import java.util.Map;

/**
 * The suite bound to an {@link InJvmTransport} with the flaw of {@link #flaw()}; each subclass is
 * one binding, the way a plugin's conformance test is. Run by {@link KitSelfTest}, not directly.
 */
abstract class InJvmVerification extends ReplicationTransportVerification {

    abstract InJvmTransport.Flaw flaw();

    @Override
    protected ReplicationTransportProvider provider() {
        return new InJvmTransportProvider(flaw());
    }

    @Override
    protected Map<String, String> settings(int nodeId, Map<Integer, Integer> portsByNode, String secret) {
        return InJvmTransportProvider.settings(nodeId, portsByNode, secret);
    }

    @Override
    protected boolean bindsPorts() {
        return false;
    }

    @Override
    protected Duration patience() {
        return Duration.ofSeconds(5);
    }
}
