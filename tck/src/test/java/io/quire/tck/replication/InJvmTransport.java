package io.quire.tck.replication;

import io.quire.spi.consensus.Leadership;
import io.quire.spi.replication.FollowerLog;
import io.quire.spi.replication.LeaderLog;
import io.quire.spi.replication.LogPosition;
import io.quire.spi.replication.OffsetGapException;
import io.quire.spi.replication.ReplicatedRecord;
import io.quire.spi.replication.ReplicationContext;
import io.quire.spi.replication.ReplicationTransport;
import io.quire.spi.wal.WalOffsetOutOfRangeException;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;

/**
 * A replication transport without network, for the kit's self-test: nodes find each other by their
 * configured "port" in a static registry of this JVM, and a leader ships to each follower from a
 * thread of its own by calling the follower's log directly. With {@link Flaw#NONE} it keeps the
 * contract; each other flaw breaks one promise on purpose.
 */
final class InJvmTransport implements ReplicationTransport {

    /** How this transport breaks the contract. */
    enum Flaw {
        NONE,
        /** Hands every record to accept twice (rep01). */
        DELIVERS_TWICE,
        /** Each recordsDurable starts another shipping pass, unserialised with the others (rep02). */
        SHIPPER_PER_WAKEUP,
        /** Ignores the position a (re)connecting follower states and resends from offset 0 (rep03). */
        RESUMES_FROM_ZERO,
        /** Never sends a snapshot: skips to the leader's start offset instead (rep04). */
        NO_SNAPSHOT,
        /** One lock for shipping to every follower: a follower blocked in accept blocks them all (rep05). */
        ONE_SHIPPER_FOR_ALL,
        /** Takes any follower, whatever its secret (rep06). */
        IGNORES_SECRET
    }

    private static final Map<Integer, InJvmTransport> BOUND = new ConcurrentHashMap<>();

    private final int port;
    private final Map<Integer, Integer> peers;
    private final String secret;
    private final Flaw flaw;
    private final Object wake = new Object();
    private final Object shipLock = new Object();
    private final Map<Integer, Session> sessions = new ConcurrentHashMap<>();
    private volatile ReplicationContext context;
    private volatile Leadership leadership;
    private volatile boolean closed;

    InJvmTransport(int port, Map<Integer, Integer> peers, String secret, Flaw flaw) {
        this.port = port;
        this.peers = Map.copyOf(peers);
        this.secret = secret;
        this.flaw = flaw;
    }

    @Override
    public void start(ReplicationContext context) throws IOException {
        this.context = context;
        if (BOUND.putIfAbsent(port, this) != null) {
            throw new IOException("in-JVM port " + port + " is in use");
        }
    }

    @Override
    public void leadershipChanged(Leadership leadership) {
        this.leadership = leadership;
        if (leadership.leaderId().isEmpty() || leadership.leaderId().getAsInt() == context.nodeId()) {
            return;
        }
        InJvmTransport leader = BOUND.get(peers.get(leadership.leaderId().getAsInt()));
        if (leader != null) {
            leader.attach(this);
        }
    }

    @Override
    public void recordsDurable(long endOffset) {
        synchronized (wake) {
            wake.notifyAll();
        }
        if (flaw == Flaw.SHIPPER_PER_WAKEUP) {
            for (Session session : sessions.values()) {
                Thread pass = new Thread(() -> {
                    try {
                        long from = session.follower.context.followerLog().position().endOffset();
                        for (ReplicatedRecord record : context.leaderLog().read(from, 1000)) {
                            session.follower.context.followerLog().accept(record);
                        }
                    } catch (IOException | RuntimeException e) {
                        // A careless pass; the session's loop repairs what it can.
                    }
                });
                pass.setDaemon(true);
                pass.start();
            }
        }
    }

    @Override
    public void close() {
        closed = true;
        BOUND.remove(port, this);
        sessions.values().forEach(Session::halt);
        synchronized (wake) {
            wake.notifyAll();
        }
    }

    private void attach(InJvmTransport follower) {
        if (flaw != Flaw.IGNORES_SECRET && !follower.secret.equals(secret)) {
            return;
        }
        Session session = new Session(follower);
        Session old = sessions.put(follower.context.nodeId(), session);
        if (old != null) {
            old.halt();
        }
        session.start();
    }

    private boolean leading() {
        Leadership current = leadership;
        return !closed && current != null && current.leaderId().isPresent()
                && current.leaderId().getAsInt() == context.nodeId();
    }

    /** The leader's cursor for one follower and the thread that ships to it. */
    private final class Session extends Thread {
        private final InJvmTransport follower;
        private volatile boolean stopped;

        Session(InJvmTransport follower) {
            this.follower = follower;
            setDaemon(true);
            setName("in-jvm shipper to node " + follower.context.nodeId());
        }

        void halt() {
            stopped = true;
            interrupt();
        }

        private boolean active() {
            return !stopped && !closed && !follower.closed && sessions.get(follower.context.nodeId()) == this;
        }

        @Override
        public void run() {
            try {
                ship();
            } catch (InterruptedException e) {
                // stopped
            } catch (IOException | RuntimeException e) {
                // the follower reconnects on the next leadership change
            }
        }

        private void ship() throws InterruptedException, IOException {
            while (active() && !leading()) {
                Thread.sleep(5);
            }
            LeaderLog log = context.leaderLog();
            FollowerLog target = follower.context.followerLog();
            LogPosition position = target.position();
            long cursor = log.divergenceOffset(position);
            if (cursor < position.endOffset()) {
                target.truncate(cursor);
            }
            if (flaw == Flaw.RESUMES_FROM_ZERO) {
                cursor = 0;
            }
            while (active()) {
                if (cursor < log.startOffset()) {
                    if (flaw == Flaw.NO_SNAPSHOT) {
                        cursor = log.startOffset();
                    } else {
                        LeaderLog.Snapshot snapshot = log.openSnapshot();
                        try (var data = snapshot.data()) {
                            target.installSnapshot(snapshot.endOffset(), snapshot.epoch(), data);
                        }
                        cursor = snapshot.endOffset();
                    }
                }
                if (cursor >= log.endOffset()) {
                    synchronized (wake) {
                        if (cursor >= log.endOffset() && active()) {
                            wake.wait(20);
                        }
                    }
                    continue;
                }
                List<ReplicatedRecord> batch;
                try {
                    batch = log.read(cursor, 64);
                } catch (WalOffsetOutOfRangeException e) {
                    Thread.sleep(20);
                    continue;
                }
                for (ReplicatedRecord record : batch) {
                    if (!active()) {
                        return;
                    }
                    try {
                        if (flaw == Flaw.ONE_SHIPPER_FOR_ALL) {
                            synchronized (shipLock) {
                                target.accept(record).toCompletableFuture().get();
                            }
                        } else {
                            target.accept(record).toCompletableFuture().get();
                        }
                        cursor = record.offset() + 1;
                        if (flaw == Flaw.DELIVERS_TWICE) {
                            target.accept(record);
                        }
                    } catch (ExecutionException e) {
                        if (e.getCause() instanceof OffsetGapException gap) {
                            cursor = gap.expected();
                        } else {
                            Thread.sleep(20);
                        }
                        break;
                    }
                }
                log.acknowledged(follower.context.nodeId(), cursor);
            }
        }
    }
}
