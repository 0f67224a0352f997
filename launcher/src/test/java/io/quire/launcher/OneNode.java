package io.quire.launcher;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.kafka.common.message.MetadataRequestData;
import org.apache.kafka.common.message.MetadataResponseData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.ByteBufferAccessor;
import org.apache.kafka.common.requests.RequestHeader;
import org.apache.kafka.common.requests.RequestUtils;
import org.apache.kafka.common.requests.ResponseHeader;

/**
 * Asks one node, and only that node, for its topics. An AdminClient would send its Metadata
 * request to whichever broker it likes once it knows the cluster, so it cannot tell what a given
 * follower has applied.
 */
final class NodeMetadata {

    private static final short VERSION = 12;

    private NodeMetadata() {}

    static Set<String> topics(int kafkaPort) throws IOException {
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), kafkaPort)) {
            socket.setSoTimeout(10_000);
            RequestHeader header = new RequestHeader(ApiKeys.METADATA, VERSION, "quire-test", 1);
            ByteBuffer request = RequestUtils.serialize(header.data(), header.headerVersion(),
                    new MetadataRequestData().setTopics(null), VERSION);
            DataOutputStream out = new DataOutputStream(socket.getOutputStream());
            out.writeInt(request.remaining());
            out.write(request.array(), request.arrayOffset() + request.position(), request.remaining());
            out.flush();
            DataInputStream in = new DataInputStream(socket.getInputStream());
            byte[] body = new byte[in.readInt()];
            in.readFully(body);
            ByteBuffer response = ByteBuffer.wrap(body);
            ResponseHeader.parse(response, ApiKeys.METADATA.responseHeaderVersion(VERSION));
            MetadataResponseData data = new MetadataResponseData(new ByteBufferAccessor(response), VERSION);
            return data.topics().stream().map(MetadataResponseData.MetadataResponseTopic::name)
                    .collect(Collectors.toSet());
        }
    }
}
