package io.quire.compat;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.common.message.RequestHeaderData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.ApiMessage;
import org.apache.kafka.common.protocol.ByteBufferAccessor;
import org.apache.kafka.common.requests.AbstractResponse;
import org.apache.kafka.common.requests.RequestUtils;
import org.apache.kafka.common.requests.ResponseHeader;

/**
 * One raw Kafka connection, for what the AdminClient hides: several requests written at once
 * (pipelined), a request header naming a version the server does not serve, and whether the
 * server kept or closed the connection. Encoded and decoded only with kafka-clients' generated
 * message classes.
 */
final class Wire implements AutoCloseable {

    /** Long enough for any answer here; a server that neither answers nor closes fails the test. */
    private static final int READ_TIMEOUT_MS = 15_000;

    /** What a response to each request in flight is read as, by correlation id. */
    private final Map<Integer, Expected> inFlight = new HashMap<>();
    private final Socket socket;
    private final DataInputStream in;
    private final OutputStream out;
    private int nextCorrelationId = 1;

    private record Expected(ApiKeys key, short responseVersion) {}

    /** A response, with the correlation id it carried. */
    record Response(int correlationId, AbstractResponse response) {
        ApiMessage body() {
            return response.data();
        }
    }

    private Wire(Socket socket) throws IOException {
        this.socket = socket;
        socket.setSoTimeout(READ_TIMEOUT_MS);
        socket.setTcpNoDelay(true);
        this.in = new DataInputStream(socket.getInputStream());
        this.out = socket.getOutputStream();
    }

    static Wire connect(int port) throws IOException {
        return new Wire(new Socket(InetAddress.getLoopbackAddress(), port));
    }

    /** One framed request of the body's API at this version, ready to write. */
    Frame frame(ApiMessage body, short version) {
        return frameClaiming(body, version, version, version);
    }

    /**
     * A request whose header claims {@code claimedVersion} while its body is written at
     * {@code bodyVersion}: how a client newer (or older) than the server asks. Its response, if
     * any, is read at {@code responseVersion}.
     */
    Frame frameClaiming(ApiMessage body, short claimedVersion, short bodyVersion, short responseVersion) {
        ApiKeys key = ApiKeys.forId(body.apiKey());
        int correlationId = nextCorrelationId++;
        RequestHeaderData header = new RequestHeaderData()
                .setRequestApiKey(key.id)
                .setRequestApiVersion(claimedVersion)
                .setClientId("quire-compat")
                .setCorrelationId(correlationId);
        ByteBuffer payload = RequestUtils.serialize(header, key.requestHeaderVersion(claimedVersion), body, bodyVersion);
        inFlight.put(correlationId, new Expected(key, responseVersion));
        return new Frame(correlationId, payload);
    }

    /** Writes these frames in one write, so that the server receives them back to back. */
    void send(Frame... frames) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        for (Frame frame : frames) {
            ByteBuffer payload = frame.payload().duplicate();
            bytes.write(ByteBuffer.allocate(4).putInt(payload.remaining()).array());
            byte[] body = new byte[payload.remaining()];
            payload.get(body);
            bytes.write(body);
        }
        out.write(bytes.toByteArray());
        out.flush();
    }

    /** Sends one request and reads its response. */
    <T extends ApiMessage> T call(ApiMessage body, short version, Class<T> responseType) throws IOException {
        send(frame(body, version));
        return responseType.cast(read().body());
    }

    /**
     * Reads the next response, decoding it as the answer to the request whose correlation id it
     * carries.
     *
     * @throws EOFException when the server closed the connection
     */
    Response read() throws IOException {
        int size = in.readInt();
        byte[] bytes = new byte[size];
        in.readFully(bytes);
        ByteBuffer buffer = ByteBuffer.wrap(bytes);
        int correlationId = buffer.getInt(0);
        Expected expected = inFlight.remove(correlationId);
        if (expected == null) {
            throw new IOException("a response with correlation id " + correlationId + ", which no request in flight has");
        }
        ResponseHeader.parse(buffer, expected.key().responseHeaderVersion(expected.responseVersion()));
        return new Response(correlationId, AbstractResponse.parseResponse(expected.key(),
                new ByteBufferAccessor(buffer), expected.responseVersion()));
    }

    /** What the server did after the last request: answered it, or closed the connection. */
    Reaction reaction() throws IOException {
        try {
            return Reaction.answered(read());
        } catch (EOFException closed) {
            return Reaction.CLOSED;
        } catch (SocketTimeoutException silent) {
            throw new AssertionError("the server neither answered nor closed the connection within "
                    + READ_TIMEOUT_MS + " ms", silent);
        }
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }

    /** A request framed for the wire, with its correlation id. */
    record Frame(int correlationId, ByteBuffer payload) {}

    /**
     * A server's reaction to a request, comparable across servers: the API and the errors of its
     * answer, or that it closed the connection.
     */
    record Reaction(String what) {
        static final Reaction CLOSED = new Reaction("connection closed");

        static Reaction answered(Response response) {
            return new Reaction("answered " + ApiKeys.forId(response.body().apiKey()) + " with "
                    + response.response().errorCounts());
        }
    }
}
