package io.quire.bench.e2e;

import io.quire.bench.wal.BlockingLoop;
import io.quire.bench.wal.LoopResult;
import io.quire.bench.wal.Payload;
import io.quire.bench.wal.RawForceLoop;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Path;
import java.time.Duration;

/**
 * The physical floor of the machine a comparison runs on: what one durable append costs on the
 * disk that holds the targets' data directories, and what one loopback TCP round trip costs. No
 * acknowledged write can be faster than one force plus one round trip.
 *
 * <pre>FloorBench --dir DIR [--seconds N] --results FILE</pre>
 *
 * <p>{@code DIR} is made and removed in the run; results are appended to {@code FILE}.
 */
public final class FloorBench {

    /** About a CreateTopics request and its answer's first packet. */
    private static final int ROUND_TRIP_BYTES = 64;
    private static final int RECORD_BYTES = 200;

    private FloorBench() {}

    public static void main(String[] args) throws Exception {
        Args options = Args.parse(args);
        Path dir = Path.of(options.required("--dir"));
        Duration measure = Duration.ofSeconds(options.integer("--seconds", 5));
        Path results = Path.of(options.required("--results"));
        Duration warmup = Duration.ofSeconds(1);
        LoopResult force = RawForceLoop.run(dir, Payload.of(RECORD_BYTES), warmup, measure);
        LoopResult loopback = loopbackRoundTrips(warmup, measure);
        Result f = Result.ofFloor(Workload.FLOOR_FORCE, force);
        Result l = Result.ofFloor(Workload.FLOOR_LOOPBACK, loopback);
        ResultsFile.append(results, f);
        ResultsFile.append(results, l);
        // Percentiles of a sum are not the sum of percentiles; this row is a reference line, the
        // divisor of every "x floor" column, not a measurement.
        ResultsFile.append(results, new Result(Result.FLOOR, Workload.FLOOR_REQUEST, 0, 0, 0, f.p50() + l.p50(),
                f.p90() + l.p90(), f.p99() + l.p99(), f.p999() + l.p999(), f.max() + l.max(), f.mean() + l.mean()));
    }

    /** A client thread writes a message and waits for its echo from a server thread, over 127.0.0.1. */
    private static LoopResult loopbackRoundTrips(Duration warmup, Duration measure) throws Exception {
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
                Socket client = new Socket(InetAddress.getLoopbackAddress(), server.getLocalPort());
                Socket echo = server.accept()) {
            client.setTcpNoDelay(true);
            echo.setTcpNoDelay(true);
            Thread echoer = new Thread(() -> echoUntilClosed(echo), "loopback-echo");
            echoer.setDaemon(true);
            echoer.start();
            byte[] message = new byte[ROUND_TRIP_BYTES];
            OutputStream out = client.getOutputStream();
            InputStream in = client.getInputStream();
            return BlockingLoop.run("loopback", 1, warmup, measure, () -> {
                out.write(message);
                readFully(in, message);
            });
        }
    }

    private static void echoUntilClosed(Socket socket) {
        byte[] message = new byte[ROUND_TRIP_BYTES];
        try {
            while (true) {
                readFully(socket.getInputStream(), message);
                socket.getOutputStream().write(message);
            }
        } catch (IOException closed) {
            // The client closed the connection: the loop is over.
        }
    }

    private static void readFully(InputStream in, byte[] buffer) throws IOException {
        for (int read = 0; read < buffer.length; ) {
            int n = in.read(buffer, read, buffer.length - read);
            if (n < 0) {
                throw new IOException("closed");
            }
            read += n;
        }
    }
}
