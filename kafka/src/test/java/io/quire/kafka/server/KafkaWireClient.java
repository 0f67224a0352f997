package io.quire.kafka.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.time.Duration;
import org.apache.kafka.common.message.RequestHeaderData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.ApiMessage;
import org.apache.kafka.common.protocol.ByteBufferAccessor;
import org.apache.kafka.common.protocol.MessageUtil;
import org.apache.kafka.common.requests.AbstractResponse;
import org.apache.kafka.common.requests.RequestHeader;
import org.apache.kafka.common.requests.RequestUtils;
import org.apache.kafka.common.requests.ResponseHeader;

/**
 * A blocking Kafka wire client over a plain socket: frames are an int32 length and a body, and
 * every header and body is encoded and decoded by kafka-clients' generated message classes.
 *
 * <p>{@link #queue} writes a request without flushing, so that many requests leave in one burst;
 * {@link #send} flushes. Reads time out after {@link #READ_TIMEOUT}, so a server that never
 * answers fails the test instead of hanging the build.
 */
final class KafkaWireClient implements AutoCloseable {

    static final Duration READ_TIMEOUT = Duration.ofSeconds(10);
    static final String CLIENT_ID = "quire-wire-test";
    private static final int CONNECT_TIMEOUT_MS = 5_000;
    /** The largest response this client accepts; a bigger length prefix means a broken stream. */
    private static final int MAX_RESPONSE_BYTES = 16 << 20;

    private final Socket socket;
    private final DataInputStream in;
    private final DataOutputStream out;
    private int nextCorrelationId = 1;

    /** A request on the wire: what to parse its response as, and the correlation id to expect. */
    record Sent(ApiKeys key, short version, int correlationId) {}

    /** A response as read: its header's correlation id and its body parsed at the request's version. */
    record Received(int correlationId, ApiMessage body) {}

    private KafkaWireClient(Socket socket) throws IOException {
        this.socket = socket;
        this.in = new DataInputStream(socket.getInputStream());
        this.out = new DataOutputStream(new BufferedOutputStream(socket.getOutputStream(), 64 * 1024));
    }

    static KafkaWireClient connect(String host, int port) throws IOException {
        Socket socket = new Socket();
        try {
            socket.setTcpNoDelay(true);
            socket.connect(new InetSocketAddress(host, port), CONNECT_TIMEOUT_MS);
            socket.setSoTimeout((int) READ_TIMEOUT.toMillis());
            return new KafkaWireClient(socket);
        } catch (IOException | RuntimeException e) {
            socket.close();
            throw e;
        }
    }

    /** Sends one request and returns its response body, checking the correlation id. */
    <T extends ApiMessage> T call(ApiKeys key, short version, ApiMessage request, Class<T> responseType)
            throws IOException {
        return receive(send(key, version, request), responseType);
    }

    /** Writes one request and flushes it. */
    Sent send(ApiKeys key, short version, ApiMessage request) throws IOException {
        Sent sent = queue(key, version, request);
        flush();
        return sent;
    }

    /** Writes one request without flushing. */
    Sent queue(ApiKeys key, short version, ApiMessage request) throws IOException {
        int correlationId = nextCorrelationId++;
        RequestHeader header = new RequestHeader(key, version, CLIENT_ID, correlationId);
        writeFrame(RequestUtils.serialize(header.data(), header.headerVersion(), request, version));
        return new Sent(key, version, correlationId);
    }

    /**
     * Sends a request whose header is given field by field (for instance an API key no
     * {@link ApiKeys} constant names), with {@code body} encoded at {@code bodyVersion}.
     */
    void sendWithHeader(RequestHeaderData header, short headerVersion, ApiMessage body, short bodyVersion)
            throws IOException {
        writeFrame(RequestUtils.serialize(header, headerVersion, body, bodyVersion));
        flush();
    }

    /** Sends a valid request header of {@code key} and {@code version} followed by {@code body} as given. */
    void sendHeaderWithRawBody(ApiKeys key, short version, byte[] body) throws IOException {
        RequestHeader header = new RequestHeader(key, version, CLIENT_ID, nextCorrelationId++);
        ByteBuffer headerBytes = MessageUtil.toByteBufferAccessor(header.data(), header.headerVersion()).buffer();
        ByteBuffer frame = ByteBuffer.allocate(headerBytes.remaining() + body.length);
        frame.put(headerBytes).put(body).flip();
        writeFrame(frame);
        flush();
    }

    /** Writes a length prefix that may lie about what follows, then {@code bytes}, and flushes. */
    void sendLengthPrefixAndBytes(int lengthPrefix, byte[] bytes) throws IOException {
        out.writeInt(lengthPrefix);
        out.write(bytes);
        flush();
    }

    void flush() throws IOException {
        out.flush();
    }

    /**
     * Reads the next response, which must answer {@code sent}: its correlation id is checked before
     * the body is parsed, so a response out of order fails as such.
     */
    <T extends ApiMessage> T receive(Sent sent, Class<T> responseType) throws IOException {
        Received received = read(sent.key(), sent.version(), sent);
        assertThat(received.body()).isInstanceOf(responseType);
        return responseType.cast(received.body());
    }

    /**
     * Reads the next response and parses it as the response to {@code key} at {@code version}: the
     * header at that API's response header version, the body at {@code version}, with no byte left.
     */
    Received receive(ApiKeys key, short version) throws IOException {
        return read(key, version, null);
    }

    private Received read(ApiKeys key, short version, Sent expected) throws IOException {
        ByteBuffer frame = readFrame();
        ResponseHeader header = ResponseHeader.parse(frame, key.responseHeaderVersion(version));
        if (expected != null) {
            assertThat(header.correlationId())
                    .as("correlation id of the response expected to %s v%d", key, version)
                    .isEqualTo(expected.correlationId());
        }
        ApiMessage body = AbstractResponse.parseResponse(key, new ByteBufferAccessor(frame), version).data();
        assertThat(frame.remaining())
                .as("bytes left after parsing the %s v%d response", key, version)
                .isZero();
        return new Received(header.correlationId(), body);
    }

    private ByteBuffer readFrame() throws IOException {
        int length = in.readInt();
        assertThat(length).as("response length prefix").isBetween(0, MAX_RESPONSE_BYTES);
        byte[] frame = new byte[length];
        in.readFully(frame);
        return ByteBuffer.wrap(frame);
    }

    /**
     * Returns once the server has closed this connection: a read ends the stream (or the
     * connection is reset). Fails if the server sends anything instead or keeps the connection
     * open for {@link #READ_TIMEOUT}.
     */
    void awaitClosedByServer() throws IOException {
        try {
            int next = in.read();
            assertThat(next).as("first byte read from a connection the server should have closed").isEqualTo(-1);
        } catch (SocketTimeoutException e) {
            throw new AssertionError("the server kept the connection open for " + READ_TIMEOUT, e);
        } catch (EOFException | SocketException closed) {
            // Reset rather than ended: closed all the same.
        }
    }

    private void writeFrame(ByteBuffer payload) throws IOException {
        out.writeInt(payload.remaining());
        byte[] bytes = new byte[payload.remaining()];
        payload.get(bytes);
        out.write(bytes);
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
