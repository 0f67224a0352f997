package io.quire.replication.tcp;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.quire.api.metadata.BrokerInfo;
import io.quire.replication.tcp.Frame.Challenge;
import io.quire.replication.tcp.Frame.Hello;
import io.quire.replication.tcp.Frame.Proof;
import io.quire.replication.tcp.Frame.Welcome;
import io.quire.replication.tcp.PeerAuthenticator.Transcript;
import io.quire.spi.replication.LogPosition;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/** A bare TCP client that writes frames by hand, or bytes that are no frames at all. */
final class RawPeer implements AutoCloseable {

    private final Socket socket;
    private final DataInputStream in;
    private final OutputStream out;

    RawPeer(int port) throws IOException {
        this(new Socket("127.0.0.1", port));
    }

    /** Speaks over a socket accepted from a node, as a node's impostor would. */
    RawPeer(Socket socket) throws IOException {
        this.socket = socket;
        socket.setSoTimeout(10_000);
        in = new DataInputStream(socket.getInputStream());
        out = socket.getOutputStream();
    }

    /**
     * Connects as follower {@code followerId} of the test cluster and completes the handshake, as a
     * follower whose log ends at {@code position}.
     */
    static RawPeer follower(int port, int followerId, LogPosition position) throws IOException, ProtocolException {
        PeerAuthenticator authenticator = new PeerAuthenticator(TestCluster.SECRET.getBytes(StandardCharsets.UTF_8));
        byte[] nonce = authenticator.nonce();
        RawPeer peer = new RawPeer(port);
        peer.send(new Hello(FrameCodec.PROTOCOL_VERSION, TestCluster.CLUSTER_ID, followerId, nonce));
        Challenge challenge = (Challenge) peer.receive();
        Transcript transcript = new Transcript(TestCluster.CLUSTER_ID, followerId, nonce, challenge.leaderId(),
                challenge.epoch(), challenge.nonce());
        BrokerInfo broker = new BrokerInfo(followerId, "127.0.0.1", 19092 + followerId, null);
        peer.send(new Proof(authenticator.followerProof(transcript, position, broker), position, broker));
        Welcome welcome = (Welcome) peer.receive();
        if (!PeerAuthenticator.matches(authenticator.leaderProof(transcript), welcome.mac())) {
            throw new IllegalStateException("the leader's proof does not verify");
        }
        return peer;
    }

    /** The next frame, or {@code null} when none comes within {@code timeout}. */
    Frame receiveWithin(Duration timeout) throws IOException, ProtocolException {
        int previous = socket.getSoTimeout();
        socket.setSoTimeout((int) timeout.toMillis());
        try {
            return receive();
        } catch (SocketTimeoutException e) {
            return null;
        } finally {
            socket.setSoTimeout(previous);
        }
    }

    void send(byte[] bytes) throws IOException {
        out.write(bytes);
        out.flush();
    }

    void send(Frame frame) throws IOException {
        ByteBuf body = Unpooled.buffer();
        try {
            FrameCodec.encode(frame, body);
            byte[] bytes = new byte[FrameDecoder.LENGTH_BYTES + body.readableBytes()];
            Unpooled.wrappedBuffer(bytes).setInt(0, body.readableBytes()).setBytes(FrameDecoder.LENGTH_BYTES, body);
            send(bytes);
        } finally {
            body.release();
        }
    }

    /** The next frame the node sends. */
    Frame receive() throws IOException, ProtocolException {
        byte[] body = new byte[in.readInt()];
        in.readFully(body);
        return FrameCodec.decode(Unpooled.wrappedBuffer(body));
    }

    /** Whether the node closes the connection (within the socket's timeout), ignoring what it sends first. */
    boolean closedByNode() throws IOException {
        try {
            while (in.read() >= 0) {
                // A REFUSE frame may come first.
            }
            return true;
        } catch (SocketException e) {
            // A reset is a close too.
            return true;
        }
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
