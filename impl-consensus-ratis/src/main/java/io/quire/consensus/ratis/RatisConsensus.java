package io.quire.consensus.ratis;

import io.quire.spi.consensus.Consensus;
import io.quire.spi.consensus.ConsensusContext;
import io.quire.spi.consensus.Leadership;
import io.quire.spi.consensus.NotLeaderException;
import io.quire.spi.plugin.ListensForPeers;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.apache.ratis.client.RaftClient;
import org.apache.ratis.protocol.ClientId;
import org.apache.ratis.protocol.Message;
import org.apache.ratis.protocol.RaftClientReply;
import org.apache.ratis.protocol.RaftGroup;
import org.apache.ratis.retry.RetryPolicies;
import org.apache.ratis.retry.RetryPolicy;
import org.apache.ratis.server.RaftServer;
import org.apache.ratis.server.storage.RaftStorage;
import org.apache.ratis.thirdparty.com.google.protobuf.ByteString;
import org.apache.ratis.util.TimeDuration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Consensus by an Apache Ratis group: one Raft server per node, a client that hands follower writes
 * to the leader through the Raft log, and a client that asks one member a question (a stale read).
 */
final class RatisConsensus implements Consensus, ListensForPeers {

    private static final Logger log = LoggerFactory.getLogger(RatisConsensus.class);
    private static final Duration RETRY_SLEEP = Duration.ofMillis(100);
    private static final Duration ASK_TIMEOUT = Duration.ofSeconds(2);
    /** Questions in flight at once: a takeover asks a majority, an operator's status every member. */
    private static final int ASKERS = 4;
    private static final int ASKS_WAITING = 16;

    private final RatisSettings settings;
    private final RaftGroup group;
    private volatile EngineStateMachine stateMachine;
    private RaftServer server;
    private RaftClient proposals;
    private RaftClient questions;
    /**
     * Runs each question as a blocking stale read of its own. Ratis' asynchronous reads to one
     * server share an ordered window that closes for good after one failure (a member that was down
     * when first asked), after which every later question to that member failed.
     */
    private ExecutorService askers;

    RatisConsensus(RatisSettings settings) {
        this.settings = settings;
        this.group = settings.group();
    }

    @Override
    public synchronized void start(ConsensusContext context) throws IOException {
        if (server != null) {
            throw new IllegalStateException("ratis consensus is already started");
        }
        stateMachine = new EngineStateMachine(settings.nodeId(), context);
        server = RaftServer.newBuilder()
                .setServerId(RatisSettings.peerId(settings.nodeId()))
                .setGroup(group)
                .setProperties(settings.serverProperties())
                .setStateMachine(stateMachine)
                // Formats the storage on first start, recovers it afterwards.
                .setOption(RaftStorage.StartupOption.RECOVER)
                .build();
        server.start();
        int attempts = (int) Math.max(1, settings.proposalTimeout().toMillis() / RETRY_SLEEP.toMillis());
        proposals = client(RetryPolicies.retryUpToMaximumCountWithFixedSleep(attempts,
                TimeDuration.valueOf(RETRY_SLEEP.toMillis(), TimeUnit.MILLISECONDS)), settings.electionTimeout().multipliedBy(3));
        questions = client(RetryPolicies.noRetry(), ASK_TIMEOUT);
        // Bounded, so that questions to a dead member (each up to ASK_TIMEOUT) cannot pile up ahead
        // of a new leader's takeover questions: beyond it a question fails at once.
        askers = new ThreadPoolExecutor(ASKERS, ASKERS, 0, TimeUnit.MILLISECONDS,
                new ArrayBlockingQueue<>(ASKS_WAITING), runnable -> {
                    Thread thread = new Thread(runnable, "quire-ratis-ask");
                    thread.setDaemon(true);
                    return thread;
                });
        InetSocketAddress self = settings.peers().get(settings.nodeId());
        log.info("Ratis consensus: member {} of group {} ({}), Raft server on {}:{}", settings.nodeId(),
                group.getGroupId(), settings.peers().keySet(), self.getHostString(), self.getPort());
    }

    @Override
    public Leadership leadership() {
        EngineStateMachine started = stateMachine;
        return started == null ? Leadership.unknown(settings.nodeId()) : started.leadership();
    }

    @Override
    public CompletableFuture<byte[]> propose(byte[] command) {
        RaftClient client = proposals;
        if (client == null) {
            return CompletableFuture.failedFuture(new IllegalStateException("ratis consensus is not started"));
        }
        CompletableFuture<byte[]> answered = client.async().send(Envelopes.wrap(Envelopes.PROPOSAL, command))
                .handle((reply, error) -> {
                    if (error != null) {
                        // Ratis gave up (no leader reachable, retries exhausted, closed): the engine
                        // understands only "no leader took it".
                        throw new NotLeaderException("no leader took the write: " + rootMessage(error));
                    }
                    ByteString content = content(reply);
                    return switch (Envelopes.header(content)) {
                        case Envelopes.ANSWER -> Envelopes.body(content);
                        case Envelopes.NOT_EXECUTED -> throw new NotLeaderException("the leader changed before it"
                                + " executed the write, which another leader may or may not have applied");
                        default -> throw new IllegalStateException("the leader failed the write: "
                                + Envelopes.text(content));
                    };
                });
        return answered.orTimeout(settings.proposalTimeout().toMillis(), TimeUnit.MILLISECONDS);
    }

    private static String rootMessage(Throwable error) {
        Throwable cause = error;
        while (cause.getCause() != null && cause.getCause() != cause) {
            cause = cause.getCause();
        }
        return cause == error ? String.valueOf(error.getMessage()) : error.getMessage() + " (" + cause + ")";
    }

    @Override
    public Set<Integer> members() {
        return settings.peers().keySet();
    }

    @Override
    public InetSocketAddress peerListenAddress() {
        return settings.peers().get(settings.nodeId());
    }

    @Override
    public CompletableFuture<byte[]> ask(int memberId, byte[] question) {
        RaftClient client = questions;
        ExecutorService executor = askers;
        if (client == null || executor == null) {
            return CompletableFuture.failedFuture(new IllegalStateException("ratis consensus is not started"));
        }
        if (!settings.peers().containsKey(memberId)) {
            return CompletableFuture.failedFuture(new IllegalArgumentException("node " + memberId
                    + " is not a member: " + settings.peers().keySet()));
        }
        CompletableFuture<RaftClientReply> asked;
        try {
            asked = CompletableFuture.supplyAsync(() -> {
                try {
                    return client.io().sendStaleRead(Message.valueOf(ByteString.copyFrom(question)), -1,
                            RatisSettings.peerId(memberId));
                } catch (IOException e) {
                    throw new CompletionException(e);
                }
            }, executor);
        } catch (RejectedExecutionException e) {
            return CompletableFuture.failedFuture(new IllegalStateException("ratis consensus is closing, or "
                    + ASKS_WAITING + " questions already wait"));
        }
        return asked.thenApply(reply -> {
            ByteString content = content(reply);
            if (Envelopes.header(content) != Envelopes.ANSWER) {
                throw new IllegalStateException("node " + memberId + " could not answer: " + Envelopes.text(content));
            }
            return Envelopes.body(content);
        });
    }

    @Override
    public boolean canBeTheMetadataLog() {
        return true;
    }

    @Override
    public synchronized void close() {
        closeQuietly(proposals, "proposal client");
        closeQuietly(questions, "question client");
        if (askers != null) {
            askers.shutdownNow();
        }
        askers = null;
        closeQuietly(server, "Raft server");
        proposals = null;
        questions = null;
        server = null;
    }

    private RaftClient client(RetryPolicy retryPolicy, Duration requestTimeout) {
        return RaftClient.newBuilder()
                .setClientId(ClientId.randomId())
                .setRaftGroup(group)
                .setProperties(settings.clientProperties(requestTimeout))
                .setRetryPolicy(retryPolicy)
                .build();
    }

    private static ByteString content(RaftClientReply reply) {
        if (!reply.isSuccess()) {
            throw new NotLeaderException("Ratis refused the request: " + reply.getException());
        }
        return reply.getMessage().getContent();
    }

    private static void closeQuietly(AutoCloseable closeable, String what) {
        if (closeable == null) {
            return;
        }
        try {
            closeable.close();
        } catch (Exception e) {
            log.warn("Closing the Ratis {} failed", what, e);
        }
    }
}
