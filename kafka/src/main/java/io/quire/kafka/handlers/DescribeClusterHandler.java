package io.quire.kafka.handlers;

import io.quire.api.metadata.BrokerInfo;
import io.quire.core.engine.MetadataEngine;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.common.message.DescribeClusterRequestData;
import org.apache.kafka.common.message.DescribeClusterResponseData;
import org.apache.kafka.common.message.DescribeClusterResponseData.DescribeClusterBroker;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.ApiMessage;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.protocol.Readable;
import org.apache.kafka.common.requests.RequestHeader;

/** Serves DescribeCluster: the cluster id, the controller and the registered brokers. */
final class DescribeClusterHandler implements ApiHandler {

    /** The endpoint type that asks for brokers (KIP-919); this listener serves no other. */
    private static final byte BROKER_ENDPOINTS = 1;

    private final MetadataEngine engine;
    private final String clusterId;

    DescribeClusterHandler(MetadataEngine engine, String clusterId) {
        this.engine = engine;
        this.clusterId = clusterId;
    }

    @Override
    public ApiKeys apiKey() {
        return ApiKeys.DESCRIBE_CLUSTER;
    }

    @Override
    public CompletableFuture<ApiMessage> handle(RequestHeader header, Readable body) {
        DescribeClusterRequestData request = new DescribeClusterRequestData(body, header.apiVersion());
        DescribeClusterResponseData response = new DescribeClusterResponseData()
                .setThrottleTimeMs(0)
                .setEndpointType(BROKER_ENDPOINTS);
        if (request.endpointType() != BROKER_ENDPOINTS) {
            return CompletableFuture.completedFuture(response
                    .setErrorCode(Errors.UNSUPPORTED_ENDPOINT_TYPE.code())
                    .setErrorMessage("Quire serves broker endpoints only"));
        }
        response.setErrorCode(Errors.NONE.code())
                .setClusterId(clusterId)
                .setControllerId(ClusterFacts.controllerId(engine));
        for (BrokerInfo broker : engine.view().brokers()) {
            response.brokers().add(new DescribeClusterBroker()
                    .setBrokerId(broker.id())
                    .setHost(broker.host())
                    .setPort(broker.port())
                    .setRack(broker.rack()));
        }
        return CompletableFuture.completedFuture(response);
    }
}
