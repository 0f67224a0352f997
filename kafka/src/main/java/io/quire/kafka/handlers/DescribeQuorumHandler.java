package io.quire.kafka.handlers;

import io.quire.api.metadata.BrokerInfo;
import io.quire.core.engine.MetadataEngine;
import io.quire.core.status.QuorumState;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.message.DescribeQuorumRequestData;
import org.apache.kafka.common.message.DescribeQuorumResponseData;
import org.apache.kafka.common.message.DescribeQuorumResponseData.Listener;
import org.apache.kafka.common.message.DescribeQuorumResponseData.ListenerCollection;
import org.apache.kafka.common.message.DescribeQuorumResponseData.Node;
import org.apache.kafka.common.message.DescribeQuorumResponseData.NodeCollection;
import org.apache.kafka.common.message.DescribeQuorumResponseData.PartitionData;
import org.apache.kafka.common.message.DescribeQuorumResponseData.ReplicaState;
import org.apache.kafka.common.message.DescribeQuorumResponseData.TopicData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.ApiMessage;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.protocol.Readable;
import org.apache.kafka.common.requests.RequestHeader;

/**
 * Serves DescribeQuorum (KIP-595, KIP-836, KIP-853) for the metadata log, so that Kafka's
 * {@code kafka-metadata-quorum} and {@code Admin.describeMetadataQuorum()} show Quire's quorum.
 * Every node answers with the leader's view, which a follower asks the leader for, as a Kafka
 * broker forwards the request to the active controller. Offsets are metadata-log offsets; a
 * voter's endpoint is its Kafka listener.
 */
final class DescribeQuorumHandler implements ApiHandler {

    /** The name Kafka gives the metadata log's partition; its clients ask for nothing else. */
    static final String METADATA_TOPIC = "__cluster_metadata";
    private static final String LISTENER = "PLAINTEXT";
    /** Voters' endpoints are answered from version 2 (KIP-853). */
    private static final short FIRST_VERSION_WITH_NODES = 2;

    private final MetadataEngine engine;

    DescribeQuorumHandler(MetadataEngine engine) {
        this.engine = engine;
    }

    @Override
    public ApiKeys apiKey() {
        return ApiKeys.DESCRIBE_QUORUM;
    }

    @Override
    public CompletableFuture<ApiMessage> handle(RequestHeader header, Readable body) {
        DescribeQuorumRequestData request = new DescribeQuorumRequestData(body, header.apiVersion());
        if (!asksForTheMetadataLog(request)) {
            return CompletableFuture.completedFuture(partitionError(request, Errors.UNKNOWN_TOPIC_OR_PARTITION,
                    "this node's quorum holds only " + METADATA_TOPIC + "-0"));
        }
        return engine.quorumState().thenApply(quorum -> quorum
                .<ApiMessage>map(state -> response(state, header.apiVersion()))
                .orElseGet(() -> partitionError(request, Errors.NOT_LEADER_OR_FOLLOWER,
                        "no leader of the metadata quorum is known")));
    }

    private static boolean asksForTheMetadataLog(DescribeQuorumRequestData request) {
        return request.topics().size() == 1
                && request.topics().get(0).topicName().equals(METADATA_TOPIC)
                && request.topics().get(0).partitions().size() == 1
                && request.topics().get(0).partitions().get(0).partitionIndex() == 0;
    }

    private DescribeQuorumResponseData response(QuorumState quorum, short version) {
        PartitionData partition = new PartitionData()
                .setPartitionIndex(0)
                .setErrorCode(Errors.NONE.code())
                .setLeaderId(quorum.leaderId())
                .setLeaderEpoch(Math.toIntExact(quorum.epoch()))
                .setHighWatermark(quorum.highWatermark())
                .setCurrentVoters(quorum.voters().stream().map(DescribeQuorumHandler::replica).toList())
                .setObservers(List.of());
        DescribeQuorumResponseData response = new DescribeQuorumResponseData()
                .setErrorCode(Errors.NONE.code())
                .setTopics(List.of(new TopicData().setTopicName(METADATA_TOPIC).setPartitions(List.of(partition))));
        if (version < FIRST_VERSION_WITH_NODES) {
            return response;
        }
        NodeCollection nodes = new NodeCollection();
        for (QuorumState.Replica voter : quorum.voters()) {
            Optional<BrokerInfo> broker = engine.view().broker(voter.id());
            ListenerCollection listeners = new ListenerCollection();
            broker.ifPresent(b -> listeners.add(new Listener().setName(LISTENER).setHost(b.host()).setPort(b.port())));
            nodes.add(new Node().setNodeId(voter.id()).setListeners(listeners));
        }
        return response.setNodes(nodes);
    }

    private static ReplicaState replica(QuorumState.Replica voter) {
        return new ReplicaState()
                .setReplicaId(voter.id())
                .setReplicaDirectoryId(Uuid.ZERO_UUID)
                .setLogEndOffset(voter.logEndOffset())
                .setLastFetchTimestamp(voter.lastFetchTimestamp())
                .setLastCaughtUpTimestamp(voter.lastCaughtUpTimestamp());
    }

    /** Kafka's answer when the partition cannot be described: the error on each partition asked for. */
    private static DescribeQuorumResponseData partitionError(DescribeQuorumRequestData request, Errors error,
            String message) {
        List<TopicData> topics = request.topics().stream().map(topic -> new TopicData()
                .setTopicName(topic.topicName())
                .setPartitions(topic.partitions().stream().map(p -> new PartitionData()
                        .setPartitionIndex(p.partitionIndex())
                        .setErrorCode(error.code())
                        .setErrorMessage(message)).toList())).toList();
        return new DescribeQuorumResponseData().setErrorCode(Errors.NONE.code()).setTopics(topics);
    }
}
