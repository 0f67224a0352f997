package io.quire.replication.hazelcast;

import com.hazelcast.cluster.Member;
import com.hazelcast.config.Config;
import com.hazelcast.config.ExecutorConfig;
import com.hazelcast.config.JoinConfig;
import com.hazelcast.config.NetworkConfig;
import com.hazelcast.config.RingbufferConfig;
import com.hazelcast.core.DistributedObject;
import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.core.IExecutorService;
import com.hazelcast.ringbuffer.ReadResultSet;
import com.hazelcast.ringbuffer.Ringbuffer;
import com.hazelcast.ringbuffer.StaleSequenceException;
import io.quire.spi.consensus.Leadership;
import io.quire.spi.plugin.ListensForPeers;
import io.quire.spi.replication.FollowerLog;
import io.quire.spi.replication.LeaderLog;
import io.quire.spi.replication.LogPosition;
import io.quire.spi.replication.OffsetGapException;
import io.quire.spi.replication.ReplicatedRecord;
import io.quire.spi.replication.ReplicationContext;
import io.quire.spi.replication.ReplicationTransport;
import io.quire.spi.replication.StaleEpochException;
import io.quire.spi.wal.WalOffsetOutOfRangeException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code hazelcast} transport of one node: an embedded Hazelcast member; as leader, a
 * publisher that signs batches of the WAL into the epoch's Ringbuffer and answers followers' calls;
 * as follower, one apply lane that reads the ring from the node's own position and asks the leader
 * directly when the ring no longer (or not yet) holds it. See {@code PROTOCOL.md}.
 */
final class HazelcastReplicationTransport implements ReplicationTransport, ListensForPeers {

    private static final Logger log = LoggerFactory.getLogger(HazelcastReplicationTransport.class);

    static final String NODE_ID_ATTRIBUTE = "quire.node-id";
    static final String RING_PREFIX = "quire-wal-epoch-";
    static final String EXECUTOR = "quire-replication";
    private static final int RING_READ_MAX = 64;
    private static final long POLL_MS = 200;
    /** The same refusal is logged at WARN at most this often (a stranger retrying must not flood the log). */
    private static final long REFUSAL_WARN_INTERVAL_NANOS = TimeUnit.SECONDS.toNanos(10);

    private final Map<String, Long> lastRefusalWarning = new ConcurrentHashMap<>();

    private final HazelcastReplicationConfig config;
    private final MemberList members;
    private final Authenticator auth;
    private final SecureRandom random = new SecureRandom();

    private final Object roleLock = new Object();
    private volatile HazelcastInstance hz;
    private volatile ReplicationContext context;
    private volatile boolean closed;
    private Leadership current;
    private volatile LeaderRole leader;
    private FollowerRole follower;
    /** One lane for everything a follower does to its log: accepts never overlap, across roles too. */
    private ExecutorService applyLane;

    HazelcastReplicationTransport(HazelcastReplicationConfig config, MemberList members, Authenticator auth) {
        this.config = config;
        this.members = members;
        this.auth = auth;
    }

    static String ringName(long epoch) {
        return RING_PREFIX + epoch;
    }

    @Override
    public void start(ReplicationContext ctx) throws IOException {
        if (hz != null) {
            throw new IllegalStateException("already started");
        }
        this.context = ctx;
        auth.bindCluster(ctx.clusterId());
        String clusterName = config.clusterName() != null ? config.clusterName() : ctx.clusterId();
        Config hzConfig = memberConfig(ctx.nodeId(), clusterName);
        applyLane = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "quire-hz-follower-" + ctx.nodeId());
            t.setDaemon(true);
            return t;
        });
        try {
            hz = Hazelcast.newHazelcastInstance(hzConfig);
        } catch (RuntimeException e) {
            applyLane.shutdownNow();
            throw new IOException("Could not start the Hazelcast member on " + config.host() + ":" + config.port()
                    + ": " + e.getMessage(), e);
        }
        log.info("Phase 2.3: WalReceiver configured: hazelcast member on {}:{}, members {}", config.host(),
                config.port(), members.ids());
    }

    private Config memberConfig(int nodeId, String clusterName) throws IOException {
        String bindAddress = InetAddress.getByName(config.host()).getHostAddress();
        Config c = new Config();
        c.setClusterName(clusterName);
        c.setInstanceName("quire-node-" + nodeId + "-" + UUID.randomUUID());
        c.setClassLoader(HazelcastReplicationTransport.class.getClassLoader());
        c.setProperty("hazelcast.logging.type", "slf4j");
        c.setProperty("hazelcast.phone.home.enabled", "false");
        c.setProperty("hazelcast.shutdownhook.enabled", "false");
        c.setProperty("hazelcast.socket.bind.any", "false");
        c.setProperty("hazelcast.local.localAddress", bindAddress);
        c.setProperty("hazelcast.wait.seconds.before.join", "0");
        // A member cut off for a while (a pause, a partition) forms a cluster of its own; merge the
        // clusters back within seconds rather than Hazelcast's default minutes, so that a healed
        // follower reaches its leader again and catches up.
        c.setProperty("hazelcast.merge.first.run.delay.seconds", "5");
        c.setProperty("hazelcast.merge.next.run.delay.seconds", "5");
        c.setProperty("hazelcast.health.monitoring.level", "OFF");
        // Hazelcast's default keeps a silent member for 60 s, stalling every partition it owns: a
        // leader waiting for a quorum must not wait that long for a crashed member.
        c.setProperty("hazelcast.heartbeat.interval.seconds", "1");
        c.setProperty("hazelcast.max.no.heartbeat.seconds", Integer.toString(config.failureTimeoutSeconds()));
        c.setProperty("hazelcast.integrity-checker.enabled", "false");
        c.getJetConfig().setEnabled(false);
        c.getRestConfig().setEnabled(false);
        c.getManagementCenterConfig().setScriptingEnabled(false).setConsoleEnabled(false).setDataAccessEnabled(false);
        NetworkConfig network = c.getNetworkConfig();
        network.setPort(config.port()).setPortAutoIncrement(false);
        // The legacy REST endpoint groups are off by default (their config is deprecated for removal).
        network.getMemcacheProtocolConfig().setEnabled(false);
        network.getInterfaces().setEnabled(true).setInterfaces(List.of(bindAddress));
        JoinConfig join = network.getJoin();
        join.getMulticastConfig().setEnabled(false);
        join.getAutoDetectionConfig().setEnabled(false);
        join.getTcpIpConfig().setEnabled(true).setConnectionTimeoutSeconds(2)
                .setMembers(members.asMap().values().stream().map(MemberList.Address::toString).toList());
        c.getMemberAttributeConfig().setAttribute(NODE_ID_ATTRIBUTE, Integer.toString(nodeId));
        c.getSerializationConfig().addDataSerializableFactory(LeaderCall.FACTORY_ID, LeaderCall.FACTORY);
        c.addRingBufferConfig(new RingbufferConfig(RING_PREFIX + "*").setCapacity(config.ringCapacity())
                .setBackupCount(0).setAsyncBackupCount(1));
        c.addExecutorConfig(new ExecutorConfig(EXECUTOR).setPoolSize(8).setQueueCapacity(10_000));
        Map<String, Object> userContext = new ConcurrentHashMap<>();
        userContext.put(LeaderCall.TRANSPORT_KEY, this);
        c.setUserContext(new ConcurrentHashMap<>(userContext));
        return c;
    }

    @Override
    public void leadershipChanged(Leadership leadership) {
        synchronized (roleLock) {
            if (closed || hz == null) {
                return;
            }
            if (current != null && leadership.epoch() < current.epoch()) {
                log.warn("Ignored leadership of epoch {}: epoch {} is known", leadership.epoch(), current.epoch());
                return;
            }
            stopRoles();
            current = leadership;
            if (leadership.isLocalLeader()) {
                leader = new LeaderRole(leadership.epoch());
                leader.start();
            } else if (leadership.leaderId().isPresent()) {
                follower = new FollowerRole(leadership.epoch(), leadership.leaderId().getAsInt());
                applyLane.execute(follower);
            }
        }
    }

    private void stopRoles() {
        if (leader != null) {
            leader.stop();
            leader = null;
        }
        if (follower != null) {
            follower.stop();
            follower = null;
        }
    }

    @Override
    public void recordsDurable(long endOffset) {
        LeaderRole role = leader;
        if (role != null) {
            role.wake();
        }
    }

    @Override
    public void close() {
        synchronized (roleLock) {
            if (closed) {
                return;
            }
            closed = true;
            stopRoles();
        }
        HazelcastInstance instance = hz;
        if (instance != null) {
            try {
                instance.getLifecycleService().terminate();
            } catch (RuntimeException e) {
                log.debug("Hazelcast member terminated with {}", e.toString());
            }
        }
        if (applyLane != null) {
            applyLane.shutdown();
            try {
                if (!applyLane.awaitTermination(5, TimeUnit.SECONDS)) {
                    log.warn("The follower apply lane did not stop within 5 s (a log call is blocked)");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Batches this node applied from a ring, and fetch answers it applied: for tests and metrics. */
    final AtomicLong ringBatchesApplied = new AtomicLong();
    final AtomicLong fetchesAnswered = new AtomicLong();
    final AtomicLong snapshotsSent = new AtomicLong();

    /** Whether this node leads and publishes into its epoch's ring. */
    boolean publishing() {
        LeaderRole role = leader;
        return role != null && role.ready;
    }

    /** The port of the embedded member. */
    int port() {
        return config.port();
    }

    @Override
    public InetSocketAddress peerListenAddress() {
        return InetSocketAddress.createUnresolved(config.host(), config.port());
    }

    HazelcastInstance hazelcast() {
        return hz;
    }

    // ---- leader: calls from followers

    /** Runs on the leader's member for each {@link LeaderCall}; answers a signed reply or an empty array. */
    byte[] serveCall(int claimedSender, byte[] request) {
        ReplicationContext ctx = context;
        byte[] body = auth.verify(request);
        if (body == null || ctx == null) {
            refusal("Refused replication request from member (claiming node " + claimedSender
                    + "): authentication failed");
            return new byte[0];
        }
        try {
            return switch (Messages.type(body)) {
                case Messages.FETCH -> auth.sign(Messages.encode(serveFetch(ctx, Messages.decodeFetch(body))));
                case Messages.ACK -> {
                    serveAck(ctx, Messages.decodeAck(body));
                    yield new byte[0];
                }
                default -> throw new IOException("unexpected message type " + body[0]);
            };
        } catch (IOException | RuntimeException e) {
            log.warn("Refused replication request from member (claiming node {}): {}", claimedSender, e.toString());
            return new byte[0];
        }
    }

    private Messages.FetchAnswer serveFetch(ReplicationContext ctx, Messages.Fetch fetch) throws IOException {
        LeaderRole role = leader;
        if (role == null || role.epoch != fetch.epoch() || !role.ready) {
            return new Messages.FetchAnswer(Messages.NOT_LEADER, ctx.nodeId(), role == null ? -1 : role.epoch,
                    fetch.nonce(), -1, null, List.of(), -1);
        }
        int id = fetch.followerId();
        if (!members.contains(id) || id == ctx.nodeId() || fetch.broker().id() != id) {
            throw new IOException("follower id " + id + " (broker " + fetch.broker().id() + ") is not a member");
        }
        LeaderLog leaderLog = ctx.leaderLog();
        LogPosition position = fetch.position();
        if (role.joined(id, fetch.session())) {
            log.info("Follower {} joined at (epoch {}, offset {})", id, position.lastEpoch(), position.endOffset());
            leaderLog.followerJoined(fetch.broker());
        }
        long divergence = leaderLog.divergenceOffset(position);
        long truncateTo = divergence < position.endOffset() ? divergence : -1;
        long from = Math.min(divergence, position.endOffset());
        // What the follower holds in common with this leader is durable on it (see the SPI's LeaderLog).
        leaderLog.acknowledged(id, from);
        Messages.Snap snap = null;
        List<ReplicatedRecord> records;
        try {
            records = leaderLog.read(from, config.batchRecords());
        } catch (WalOffsetOutOfRangeException e) {
            if (from > e.endOffset()) {
                throw new IOException("follower " + id + " states offset " + from + " beyond the leader's end "
                        + e.endOffset());
            }
            LeaderLog.Snapshot snapshot = leaderLog.openSnapshot();
            try (InputStream data = snapshot.data()) {
                snap = new Messages.Snap(snapshot.endOffset(), snapshot.epoch(), data.readAllBytes());
            }
            log.info("Sending follower {} the snapshot up to offset {} (epoch {})", id, snapshot.endOffset(),
                    snapshot.epoch());
            from = snapshot.endOffset();
            snapshotsSent.incrementAndGet();
            try {
                records = leaderLog.read(from, config.batchRecords());
            } catch (WalOffsetOutOfRangeException again) {
                records = List.of();
            }
        }
        long highWatermark = leaderLog.endOffset();
        records = records.stream().map(r -> withHighWatermark(r, highWatermark)).toList();
        long next = from + records.size();
        fetchesAnswered.incrementAndGet();
        return new Messages.FetchAnswer(Messages.OK, ctx.nodeId(), role.epoch, fetch.nonce(), truncateTo, snap,
                records, role.sequenceFor(next));
    }

    private void serveAck(ReplicationContext ctx, Messages.Ack ack) {
        LeaderRole role = leader;
        if (role != null && role.epoch == ack.epoch() && role.acknowledge(ack)) {
            ctx.leaderLog().acknowledged(ack.followerId(), ack.endOffset());
        }
    }

    private static ReplicatedRecord withHighWatermark(ReplicatedRecord r, long highWatermark) {
        return new ReplicatedRecord(r.topic(), r.partition(), r.epoch(), r.offset(), highWatermark, r.payload());
    }

    /** What this node does while it leads one epoch. */
    private final class LeaderRole {

        final long epoch;
        volatile boolean ready;
        private volatile boolean stopped;
        private final ExecutorService publisher;
        private final AtomicBoolean scheduled = new AtomicBoolean();
        private Ringbuffer<byte[]> ring;
        // guarded by this
        private long publishedEnd;
        private long nextSequence;
        private final TreeMap<Long, Long> sequenceByFirstOffset = new TreeMap<>();
        private final Map<Integer, Long> sessions = new ConcurrentHashMap<>();
        private final Map<Integer, Long> acknowledged = new ConcurrentHashMap<>();

        LeaderRole(long epoch) {
            this.epoch = epoch;
            this.publisher = Executors.newSingleThreadExecutor(r -> {
                Thread t = new Thread(r, "quire-hz-publisher-" + context.nodeId() + "-e" + epoch);
                t.setDaemon(true);
                return t;
            });
        }

        void start() {
            publisher.execute(() -> {
                try {
                    destroyOlderRings();
                    ring = hz.getRingbuffer(ringName(epoch));
                    synchronized (this) {
                        nextSequence = ring.tailSequence() + 1;
                        publishedEnd = context.leaderLog().endOffset();
                    }
                    ready = true;
                    log.info("Leading epoch {}: publishing from offset {} into ring {} at sequence {}", epoch,
                            publishedEnd, ringName(epoch), nextSequence);
                    publish();
                } catch (RuntimeException e) {
                    if (!stopped) {
                        log.warn("Could not start publishing epoch {}: {}", epoch, e.toString());
                    }
                }
            });
        }

        private void destroyOlderRings() {
            for (DistributedObject object : hz.getDistributedObjects()) {
                String name = object.getName();
                if (name.startsWith(RING_PREFIX)) {
                    try {
                        if (Long.parseLong(name.substring(RING_PREFIX.length())) < epoch) {
                            object.destroy();
                        }
                    } catch (NumberFormatException ignored) {
                        // not one of ours
                    }
                }
            }
        }

        void wake() {
            if (ready && !stopped && scheduled.compareAndSet(false, true)) {
                try {
                    publisher.execute(() -> {
                        scheduled.set(false);
                        publish();
                    });
                } catch (RuntimeException e) {
                    scheduled.set(false);
                }
            }
        }

        private void publish() {
            LeaderLog leaderLog = context.leaderLog();
            try {
                while (!stopped) {
                    long from;
                    synchronized (this) {
                        from = publishedEnd;
                    }
                    long end = leaderLog.endOffset();
                    if (from >= end) {
                        return;
                    }
                    List<ReplicatedRecord> records;
                    try {
                        records = leaderLog.read(from, config.batchRecords());
                    } catch (WalOffsetOutOfRangeException e) {
                        // The WAL dropped its prefix: the ring skips; followers that need it get the snapshot.
                        synchronized (this) {
                            publishedEnd = Math.max(publishedEnd, leaderLog.startOffset());
                        }
                        continue;
                    }
                    if (records.isEmpty()) {
                        return;
                    }
                    List<ReplicatedRecord> stamped = records.stream().map(r -> withHighWatermark(r, end)).toList();
                    Messages.Batch batch = new Messages.Batch(epoch, context.nodeId(), stamped);
                    long sequence = ring.add(auth.sign(Messages.encode(batch)));
                    synchronized (this) {
                        sequenceByFirstOffset.put(batch.firstOffset(), sequence);
                        publishedEnd = batch.endOffset();
                        nextSequence = sequence + 1;
                        while (sequenceByFirstOffset.size() > config.ringCapacity()) {
                            sequenceByFirstOffset.pollFirstEntry();
                        }
                    }
                }
            } catch (IOException | RuntimeException e) {
                if (!stopped && !closed) {
                    log.warn("Publishing epoch {} failed, retrying on the next durable record: {}", epoch, e.toString());
                }
            }
        }

        /** The ring sequence where a follower at {@code offset} continues, or -1 when the ring does not hold it. */
        long sequenceFor(long offset) {
            long next;
            synchronized (this) {
                if (offset < publishedEnd) {
                    Map.Entry<Long, Long> entry = sequenceByFirstOffset.floorEntry(offset);
                    return entry == null ? -1 : entry.getValue();
                }
                next = nextSequence;
            }
            // A ring that lost its partition restarts at 0: never point a follower beyond its tail. (Outside
            // the lock: a remote call must not hold up the publisher.)
            return Math.min(next, ring.tailSequence() + 1);
        }

        /** Whether this is a new session of {@code followerId} (a first contact, or a restarted follower). */
        synchronized boolean joined(int followerId, long session) {
            Long previous = sessions.put(followerId, session);
            if (previous == null || previous != session) {
                acknowledged.remove(followerId);
                return true;
            }
            return false;
        }

        /** Whether {@code ack} moves its follower forward (acks may arrive out of order). */
        synchronized boolean acknowledge(Messages.Ack ack) {
            Long session = sessions.get(ack.followerId());
            if (session == null || session != ack.session()) {
                return false;
            }
            Long previous = acknowledged.get(ack.followerId());
            if (previous != null && previous >= ack.endOffset()) {
                return false;
            }
            acknowledged.put(ack.followerId(), ack.endOffset());
            return true;
        }

        void stop() {
            stopped = true;
            ready = false;
            publisher.shutdown();
        }
    }

    // ---- follower

    /** Thrown inside the follower loop to go back to fetching from the leader. */
    private static final class Refetch extends Exception {
        private static final long serialVersionUID = 1L;

        Refetch(String why) {
            super(why, null, false, false);
        }
    }

    /** What this node does while it follows one leader in one epoch; runs on the apply lane. */
    private final class FollowerRole implements Runnable {

        private final long epoch;
        private final int leaderId;
        private final long session = random.nextLong();
        private volatile boolean stopped;
        private final Object pause = new Object();
        private CompletableFuture<ReadResultSet<byte[]>> pendingRead;
        private long pendingSequence = -1;
        private boolean refusalLogged;
        private long end;

        FollowerRole(long epoch, int leaderId) {
            this.epoch = epoch;
            this.leaderId = leaderId;
        }

        void stop() {
            stopped = true;
            synchronized (pause) {
                pause.notifyAll();
            }
        }

        private boolean running() {
            return !stopped && !closed;
        }

        private void pause(long ms) {
            synchronized (pause) {
                if (running()) {
                    try {
                        pause.wait(ms);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        stopped = true;
                    }
                }
            }
        }

        @Override
        public void run() {
            long sequence = -1;
            Ringbuffer<byte[]> ring = null;
            while (running()) {
                try {
                    if (sequence < 0) {
                        sequence = fetch();
                        continue;
                    }
                    if (ring == null) {
                        ring = hz.getRingbuffer(ringName(epoch));
                    }
                    sequence = readRing(ring, sequence);
                } catch (Refetch e) {
                    log.debug("Follower {}: {}; fetching from the leader", context.nodeId(), e.getMessage());
                    sequence = -1;
                    pendingRead = null;
                } catch (StaleEpochException e) {
                    log.warn("Refusing leader node {} of epoch {}: {}", leaderId, epoch, e.getMessage());
                    return;
                } catch (RuntimeException | IOException | ExecutionException e) {
                    if (running()) {
                        refusal("Replication from leader node " + leaderId + " failed, retrying: " + rootCause(e));
                        pause(config.retryBackoffMs());
                    }
                    sequence = -1;
                    pendingRead = null;
                }
            }
        }

        private Member leaderMember() {
            for (Member member : hz.getCluster().getMembers()) {
                if (Integer.toString(leaderId).equals(member.getAttribute(NODE_ID_ATTRIBUTE))) {
                    return member;
                }
            }
            return null;
        }

        private String describe(Member member) {
            return "node " + leaderId + " at " + (member == null ? "?" : member.getAddress());
        }

        /** Asks the leader for records from this node's position; answers the ring sequence to go on from, or -1. */
        private long fetch() throws IOException, ExecutionException, Refetch {
            Member member = leaderMember();
            if (member == null) {
                pause(config.retryBackoffMs());
                return -1;
            }
            FollowerLog followerLog = context.followerLog();
            LogPosition position = followerLog.position();
            byte[] nonce = new byte[16];
            random.nextBytes(nonce);
            Messages.Fetch fetch = new Messages.Fetch(context.nodeId(), epoch, session, nonce, position,
                    context.localBroker());
            byte[] reply = call(member, Messages.encode(fetch));
            if (reply == null) {
                return -1;
            }
            if (reply.length == 0) {
                if (!refusalLogged) {
                    refusalLogged = true;
                    log.warn("Leader {} refused this node's replication request (wrong secret or cluster id?)",
                            describe(member));
                }
                pause(config.retryBackoffMs());
                return -1;
            }
            byte[] body = auth.verify(reply);
            if (body == null) {
                refusal("Refused replication data from member " + describe(member) + ": authentication failed");
                pause(config.retryBackoffMs());
                return -1;
            }
            Messages.FetchAnswer answer = Messages.decodeFetchAnswer(body);
            if (!Arrays.equals(answer.nonce(), nonce) || answer.leaderId() != leaderId) {
                log.warn("Refused replication data from member {}: answer does not match the request",
                        describe(member));
                pause(config.retryBackoffMs());
                return -1;
            }
            if (answer.status() != Messages.OK || answer.epoch() != epoch) {
                pause(config.retryBackoffMs());
                return -1;
            }
            refusalLogged = false;
            if (answer.snapshot() != null) {
                Messages.Snap snap = answer.snapshot();
                followerLog.installSnapshot(snap.endOffset(), snap.epoch(), new ByteArrayInputStream(snap.data()));
                log.info("Installed the leader's snapshot up to offset {} (epoch {})", snap.endOffset(), snap.epoch());
            } else if (answer.truncateTo() >= 0 && answer.truncateTo() < position.endOffset()) {
                log.info("Truncating this node's log at offset {} (leader-epoch truncation)", answer.truncateTo());
                followerLog.truncate(answer.truncateTo());
            }
            end = followerLog.position().endOffset();
            apply(answer.records());
            acknowledge(member);
            if (answer.records().isEmpty() && answer.ringSequence() < 0) {
                pause(config.retryBackoffMs());
            }
            return answer.ringSequence();
        }

        /** Sends a signed request to the leader's member; null on a timeout or while stopping. */
        private byte[] call(Member member, byte[] body) throws ExecutionException {
            IExecutorService executor = hz.getExecutorService(EXECUTOR);
            Future<byte[]> future = executor.submitToMember(new LeaderCall(context.nodeId(), auth.sign(body)), member);
            long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(config.callTimeoutMs());
            while (running()) {
                try {
                    return future.get(POLL_MS, TimeUnit.MILLISECONDS);
                } catch (TimeoutException e) {
                    if (System.nanoTime() > deadline) {
                        log.warn("Leader node {} did not answer within {} ms", leaderId, config.callTimeoutMs());
                        future.cancel(false);
                        return null;
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    stopped = true;
                }
            }
            return null;
        }

        private void acknowledge(Member member) {
            try {
                Messages.Ack ack = new Messages.Ack(context.nodeId(), epoch, session, end);
                hz.getExecutorService(EXECUTOR).submitToMember(
                        new LeaderCall(context.nodeId(), auth.sign(Messages.encode(ack))), member);
            } catch (RuntimeException e) {
                log.debug("Could not acknowledge to leader node {}: {}", leaderId, e.toString());
            }
        }

        private long readRing(Ringbuffer<byte[]> ring, long sequence) throws Refetch, ExecutionException, IOException {
            if (pendingRead == null || pendingSequence != sequence) {
                int maxCount = Math.min(RING_READ_MAX, config.ringCapacity());
                pendingRead = ring.readManyAsync(sequence, 1, maxCount, null).toCompletableFuture();
                pendingSequence = sequence;
            }
            ReadResultSet<byte[]> result;
            try {
                result = pendingRead.get(POLL_MS, TimeUnit.MILLISECONDS);
            } catch (TimeoutException e) {
                return sequence;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                stopped = true;
                return sequence;
            } catch (ExecutionException e) {
                if (e.getCause() instanceof StaleSequenceException) {
                    throw new Refetch("ring sequence " + sequence + " was overwritten");
                }
                if (e.getCause() instanceof IllegalArgumentException) {
                    // Not a race a quick retry resolves (the ring was lost or recreated): pause first.
                    pause(config.retryBackoffMs());
                    throw new Refetch("ring sequence " + sequence + " is not in the ring: " + e.getCause().getMessage());
                }
                throw e;
            } finally {
                if (pendingRead != null && pendingRead.isDone()) {
                    pendingRead = null;
                }
            }
            boolean applied = false;
            for (int i = 0; i < result.size() && running(); i++) {
                applied |= process(result.get(i), sequence + i);
            }
            if (applied) {
                Member member = leaderMember();
                if (member != null) {
                    acknowledge(member);
                }
            }
            long next = result.getNextSequenceToReadFrom();
            if (next < 0) {
                next = sequence + result.readCount();
            }
            return next;
        }

        private boolean process(byte[] item, long sequence) throws Refetch, ExecutionException, IOException {
            byte[] body = auth.verify(item);
            if (body == null) {
                log.warn("Refused replication data from member (ring {}, sequence {}): authentication failed",
                        ringName(epoch), sequence);
                return false;
            }
            Messages.Batch batch = Messages.decodeBatch(body);
            if (batch.epoch() != epoch || batch.leaderId() != leaderId) {
                log.warn("Refused replication data from member node {}: batch of epoch {} in ring {}",
                        batch.leaderId(), batch.epoch(), ringName(epoch));
                return false;
            }
            if (batch.endOffset() <= end) {
                return false;
            }
            if (batch.firstOffset() > end) {
                throw new Refetch("ring batch starts at " + batch.firstOffset() + ", this node's log ends at " + end);
            }
            apply(batch.records());
            ringBatchesApplied.incrementAndGet();
            return true;
        }

        /** Accepts records in order, one at a time, each durable before the next. */
        private void apply(List<ReplicatedRecord> records) throws Refetch, ExecutionException {
            FollowerLog followerLog = context.followerLog();
            for (ReplicatedRecord record : records) {
                if (!running()) {
                    return;
                }
                if (record.offset() < end) {
                    continue;
                }
                if (record.offset() > end) {
                    throw new Refetch("record " + record.offset() + " arrived, expected " + end);
                }
                try {
                    followerLog.accept(record).toCompletableFuture().get();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    stopped = true;
                    return;
                } catch (ExecutionException e) {
                    Throwable cause = e.getCause();
                    if (cause instanceof OffsetGapException gap) {
                        end = gap.expected();
                        throw new Refetch("log expects offset " + gap.expected());
                    }
                    if (cause instanceof StaleEpochException stale) {
                        throw stale;
                    }
                    throw e;
                }
                end = record.offset() + 1;
                if (log.isDebugEnabled()) {
                    log.debug("METADATA\u2713 Replicated: {}-{} offset {}", record.topic(), record.partition(),
                            record.offset());
                }
            }
        }
    }

    /** Logs a warning at WARN, or at DEBUG when the same one was logged at WARN in the last 10 s. */
    private void refusal(String message) {
        long now = System.nanoTime();
        Long last = lastRefusalWarning.get(message);
        if (last == null || now - last > REFUSAL_WARN_INTERVAL_NANOS) {
            lastRefusalWarning.put(message, now);
            if (lastRefusalWarning.size() > 1000) {
                lastRefusalWarning.clear();
            }
            log.warn(message);
        } else {
            log.debug(message);
        }
    }

    private static String rootCause(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t.toString();
    }

    @Override
    public String toString() {
        return "HazelcastReplicationTransport[" + members.ids().stream().map(String::valueOf)
                .collect(Collectors.joining(",")) + "]";
    }

}
