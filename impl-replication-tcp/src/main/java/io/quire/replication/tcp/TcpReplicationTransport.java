package io.quire.replication.tcp;

import io.netty.channel.Channel;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.quire.replication.tcp.LeaderConnector.Target;
import io.quire.spi.consensus.Leadership;
import io.quire.spi.plugin.ListensForPeers;
import io.quire.spi.replication.ReplicationContext;
import io.quire.spi.replication.ReplicationTransport;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code tcp} replication transport of one node. Every node listens; the leader serves the
 * followers that connect ({@link LeaderRole}), and a follower keeps one connection to the leader
 * ({@link LeaderConnector}).
 *
 * <p>Threads: one acceptor and a few I/O event loops (Netty); one lane per follower on a small
 * shipping pool for the leader's disk reads ({@link SerialExecutor}); one apply thread for every
 * call into the follower's log, so that those calls never overlap.
 */
final class TcpReplicationTransport implements ReplicationTransport, ListensForPeers {

    private static final Logger log = LoggerFactory.getLogger(TcpReplicationTransport.class);
    private static final int IO_THREADS = 2;
    private static final long SHUTDOWN_TIMEOUT_SECONDS = 5;

    private final TcpReplicationConfig config;
    private final PeerAuthenticator authenticator;
    private final Path spoolDir;
    private volatile PeerList peers;

    // Guarded by this.
    private ReplicationContext context;
    private EventLoopGroup acceptors;
    private EventLoopGroup workers;
    private ExecutorService shippingPool;
    private ExecutorService applier;
    private Channel listener;
    private LeaderConnector connector;
    private Leadership leadership;
    private boolean closed;

    /** This node's term as leader, or {@code null}; read without the lock by the event loops and recordsDurable. */
    private volatile LeaderRole leading;

    /**
     * @param spoolDir where half-received snapshots are assembled (the plugin's data directory)
     */
    TcpReplicationTransport(TcpReplicationConfig config, PeerList peers, PeerAuthenticator authenticator,
            Path spoolDir) {
        this.config = config;
        this.peers = peers;
        this.authenticator = authenticator;
        this.spoolDir = spoolDir;
    }

    @Override
    public synchronized void start(ReplicationContext context) throws IOException {
        if (this.context != null || closed) {
            throw new IllegalStateException("the replication transport was already started");
        }
        int nodeId = context.nodeId();
        if (!peers.contains(nodeId)) {
            throw new IllegalStateException("node " + nodeId + " is not among the peers " + peers.ids());
        }
        this.context = context;
        SnapshotReceiver.deleteLeftovers(spoolDir);
        LocalNode node = new LocalNode(nodeId, context.clusterId(), context.localBroker(), peers, authenticator, config);
        acceptors = new MultiThreadIoEventLoopGroup(1, threads("accept", nodeId), NioIoHandler.newFactory());
        workers = new MultiThreadIoEventLoopGroup(IO_THREADS, threads("io", nodeId), NioIoHandler.newFactory());
        // One thread per possible follower: a follower whose disk read stalls holds only its own.
        shippingPool = Executors.newFixedThreadPool(Math.max(1, peers.ids().size() - 1), threads("ship", nodeId));
        applier = Executors.newSingleThreadExecutor(threads("apply", nodeId));
        connector = new LeaderConnector(node, workers, applier, context.followerLog(), spoolDir);
        try {
            listener = ReplicationListener.bind(node, acceptors, workers, () -> leading);
        } catch (IOException e) {
            close();
            throw e;
        }
        log.info("Phase 2.3: WalReceiver configured: replication listener on {}:{}, peers {}", config.host(),
                ReplicationListener.port(listener), peers.ids());
    }

    @Override
    public synchronized void leadershipChanged(Leadership next) {
        if (context == null) {
            throw new IllegalStateException("the replication transport is not started");
        }
        if (closed || next.equals(leadership)) {
            return;
        }
        leadership = next;
        if (next.isLocalLeader()) {
            connector.stop();
            endTerm("this node leads epoch " + next.epoch() + " now");
            leading = new LeaderRole(next.epoch(), context.leaderLog(), shippingPool, config);
            log.info("Serving followers as the leader of epoch {}", next.epoch());
            return;
        }
        endTerm(next.leaderId().isPresent()
                ? "node " + next.leaderId().getAsInt() + " leads epoch " + next.epoch() + " now"
                : "no leader is known in epoch " + next.epoch());
        if (next.leaderId().isEmpty()) {
            connector.stop();
        } else if (!peers.contains(next.leaderId().getAsInt())) {
            log.error("Leader {} is not among the replication peers {}: this node cannot follow it",
                    next.leaderId().getAsInt(), peers.ids());
            connector.stop();
        } else {
            int leaderId = next.leaderId().getAsInt();
            connector.follow(new Target(leaderId, next.epoch(), peers.address(leaderId)));
        }
    }

    @Override
    public void recordsDurable(long endOffset) {
        // Lock-free: called from the WAL's completion threads, which must never wait.
        LeaderRole current = leading;
        if (current != null) {
            current.wakeAll();
        }
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (connector != null) {
            connector.close();
        }
        endTerm("the node is shutting down");
        if (listener != null) {
            listener.close().syncUninterruptibly();
        }
        // Interrupts a follower's log call in progress, or a leader's read, so that close is prompt;
        // the event loops go last, so that what those threads write on the way out still has a home.
        stop(shippingPool);
        stop(applier);
        shutDown(acceptors, workers);
        log.info("Replication transport closed");
    }

    /** The listener's port, for tests that bind port 0. */
    synchronized int port() {
        return ReplicationListener.port(listener);
    }

    @Override
    public InetSocketAddress peerListenAddress() {
        return InetSocketAddress.createUnresolved(config.host(), port());
    }

    /**
     * Replaces the peers' addresses; for tests whose nodes bind port 0 and learn each other's ports
     * only once all are started. The ids must stay the same.
     */
    void usePeerAddresses(PeerList addresses) {
        if (!addresses.ids().equals(peers.ids())) {
            throw new IllegalArgumentException("peer ids " + addresses.ids() + " differ from " + peers.ids());
        }
        peers = addresses;
    }

    private void endTerm(String reason) {
        if (leading != null) {
            leading.close(reason);
            leading = null;
        }
    }

    private static DefaultThreadFactory threads(String role, int nodeId) {
        return new DefaultThreadFactory("quire-replication-" + role + "-" + nodeId, true);
    }

    private static void shutDown(EventLoopGroup... groups) {
        for (EventLoopGroup group : groups) {
            if (group != null) {
                group.shutdownGracefully(0, SHUTDOWN_TIMEOUT_SECONDS, TimeUnit.SECONDS);
            }
        }
        for (EventLoopGroup group : groups) {
            if (group != null) {
                group.terminationFuture().syncUninterruptibly();
            }
        }
    }

    private static void stop(ExecutorService executor) {
        if (executor == null) {
            return;
        }
        executor.shutdownNow();
        try {
            if (!executor.awaitTermination(SHUTDOWN_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                log.warn("A replication thread did not stop within {} s", SHUTDOWN_TIMEOUT_SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
