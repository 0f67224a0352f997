package io.quire.launcher;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.util.HashSet;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.kafka.common.message.CreateTopicsRequestData;
import org.apache.kafka.common.message.CreateTopicsRequestData.CreatableTopic;
import org.apache.kafka.common.message.CreateTopicsResponseData;
import org.apache.kafka.common.message.MetadataRequestData;
import org.apache.kafka.common.message.MetadataResponseData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.ApiMessage;
import org.apache.kafka.common.protocol.ByteBufferAccessor;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.RequestHeader;
import org.apache.kafka.common.requests.RequestUtils;
import org.apache.kafka.common.requests.ResponseHeader;

/**
 * Sends Kafka requests to one node, and only that node. An AdminClient sends a Metadata request to
 * whichever broker it likes once it knows the cluster, and a CreateTopics to the controller, so it
 * can neither tell what a given follower has applied nor make a follower take a write.
 */
final class OneNode {

    private static final short METADATA_VERSION = 12;
    private static final short CREATE_TOPICS_VERSION = 7;

    private OneNode() {}

    /** The topics this node lists from its own state. */
    static Set<String> topics(int kafkaPort) throws IOException {
        ByteBuffer response = exchange(kafkaPort, ApiKeys.METADATA, METADATA_VERSION,
                new MetadataRequestData().setTopics(null));
        MetadataResponseData data = new MetadataResponseData(new ByteBufferAccessor(response), METADATA_VERSION);
        return data.topics().stream().map(MetadataResponseData.MetadataResponseTopic::name)
                .collect(Collectors.toSet());
    }

    /**
     * What this node's state says of the cluster: its brokers (id, host and port) and its topics.
     * Two nodes that have applied the same commands give equal answers.
     */
    static Set<String> brokersAndTopics(int kafkaPort) throws IOException {
        ByteBuffer response = exchange(kafkaPort, ApiKeys.METADATA, METADATA_VERSION,
                new MetadataRequestData().setTopics(null));
        MetadataResponseData data = new MetadataResponseData(new ByteBufferAccessor(response), METADATA_VERSION);
        Set<String> state = new HashSet<>();
        data.brokers().forEach(b -> state.add("broker " + b.nodeId() + " at " + b.host() + ":" + b.port()));
        data.topics().forEach(t -> state.add("topic " + t.name() + " with " + t.partitions().size() + " partitions"));
        return state;
    }

    /** Creates one topic through this node (leader or follower) and returns its error. */
    static Errors createTopic(int kafkaPort, String name, int partitions, int timeoutMs) throws IOException {
        CreateTopicsRequestData request = new CreateTopicsRequestData().setTimeoutMs(timeoutMs);
        request.topics().add(new CreatableTopic().setName(name).setNumPartitions(partitions)
                .setReplicationFactor((short) 1));
        ByteBuffer response = exchange(kafkaPort, ApiKeys.CREATE_TOPICS, CREATE_TOPICS_VERSION, request);
        CreateTopicsResponseData data = new CreateTopicsResponseData(new ByteBufferAccessor(response),
                CREATE_TOPICS_VERSION);
        return Errors.forCode(data.topics().find(name).errorCode());
    }

    private static ByteBuffer exchange(int kafkaPort, ApiKeys api, short version, ApiMessage body) throws IOException {
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), kafkaPort)) {
            socket.setSoTimeout(60_000);
            RequestHeader header = new RequestHeader(api, version, "quire-test", 1);
            ByteBuffer request = RequestUtils.serialize(header.data(), header.headerVersion(), body, version);
            DataOutputStream out = new DataOutputStream(socket.getOutputStream());
            out.writeInt(request.remaining());
            out.write(request.array(), request.arrayOffset() + request.position(), request.remaining());
            out.flush();
            DataInputStream in = new DataInputStream(socket.getInputStream());
            byte[] bytes = new byte[in.readInt()];
            in.readFully(bytes);
            ByteBuffer response = ByteBuffer.wrap(bytes);
            ResponseHeader.parse(response, api.responseHeaderVersion(version));
            return response;
        }
    }
}
