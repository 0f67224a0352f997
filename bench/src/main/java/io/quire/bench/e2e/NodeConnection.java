package io.quire.bench.e2e;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.requests.AbstractRequest;
import org.apache.kafka.common.requests.AbstractResponse;
import org.apache.kafka.common.requests.ApiVersionsRequest;
import org.apache.kafka.common.requests.ApiVersionsResponse;
import org.apache.kafka.common.requests.RequestHeader;

/**
 * One Kafka connection to one chosen node, one request at a time, built and parsed by
 * kafka-clients' own request classes. The AdminClient cannot be told which node to ask: it sends a
 * CreateTopics to the controller its metadata names and a Metadata request to its least loaded
 * node. Writes through a follower and reads of each node's own metadata need the node fixed.
 */
final class NodeConnection implements AutoCloseable {

    private final String address;
    private final SocketChannel channel;
    private ApiVersionsResponse versions;
    private int correlationId;

    NodeConnection(String address) throws IOException {
        this.address = address;
        int colon = address.lastIndexOf(':');
        channel = SocketChannel.open(new InetSocketAddress(address.substring(0, colon),
                Integer.parseInt(address.substring(colon + 1))));
        channel.socket().setTcpNoDelay(true);
        versions = send(new ApiVersionsRequest.Builder());
    }

    String address() {
        return address;
    }

    /** Sends the request in the newest version both sides speak and returns the node's answer. */
    @SuppressWarnings("unchecked")
    <R extends AbstractResponse> R send(AbstractRequest.Builder<?> builder) throws IOException {
        ApiKeys api = builder.apiKey();
        short version = builder.latestAllowedVersion();
        if (versions != null) {
            version = (short) Math.min(version, versions.apiVersion(api.id).maxVersion());
        }
        RequestHeader header = new RequestHeader(api, version, "quire-bench-node", ++correlationId);
        ByteBuffer request = builder.build(version).serializeWithHeader(header);
        ByteBuffer size = ByteBuffer.allocate(4).putInt(0, request.remaining());
        while (size.hasRemaining() || request.hasRemaining()) {
            channel.write(new ByteBuffer[] {size, request});
        }
        size.clear();
        readFully(size);
        ByteBuffer response = ByteBuffer.allocate(size.getInt(0));
        readFully(response);
        response.flip();
        return (R) AbstractResponse.parseResponse(response, header);
    }

    private void readFully(ByteBuffer buffer) throws IOException {
        while (buffer.hasRemaining()) {
            if (channel.read(buffer) < 0) {
                throw new IOException(address + " closed the connection");
            }
        }
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }
}
