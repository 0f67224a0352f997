package io.quire.tck.replication;

import static io.quire.tck.replication.RepRule.REP01;
import static io.quire.tck.replication.RepRule.REP02;
import static io.quire.tck.replication.RepRule.REP03;
import static io.quire.tck.replication.RepRule.REP04;
import static io.quire.tck.replication.RepRule.REP05;
import static io.quire.tck.replication.RepRule.REP06;
import static io.quire.tck.replication.RepRule.REP07;
import static org.assertj.core.api.Assertions.assertThat;

import io.quire.spi.replication.ReplicationTransport;
import io.quire.spi.replication.ReplicationTransportProvider;
import io.quire.tck.support.Ports;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The conformance suite of the replication transport SPI: every rule of the
 * {@link ReplicationTransport} contract, numbered in the kit's {@code RULES.md}, as one test named
 * after its number and strength ({@code required_rep01_...}). A failure message starts with the
 * rule it broke.
 *
 * <h2>Binding a plugin</h2>
 * A plugin's test sources extend this class, name the provider and say how a node is configured:
 * <pre>{@code
 * class MyTransportConformanceTest extends ReplicationTransportVerification {
 *     @Override
 *     protected ReplicationTransportProvider provider() {
 *         return new MyTransportProvider();
 *     }
 *
 *     @Override
 *     protected Map<String, String> settings(int nodeId, Map<Integer, Integer> portsByNode, String secret) {
 *         return Map.of("port", String.valueOf(portsByNode.get(nodeId)), "peers", ..., "secret", secret);
 *     }
 * }
 * }</pre>
 * The kit picks one free loopback port per node, creates every node's transport through
 * {@code provider().create(...)} with those settings, starts it over a {@link MemoryLog} (which
 * checks the SPI's promises and records every call), drives leadership the way consensus would and
 * appends on the leader's log, telling its transport {@code recordsDurable}.
 */
public abstract class ReplicationTransportVerification {

    /** The provider of the transport under test; a new one per call is fine. */
    protected abstract ReplicationTransportProvider provider();

    /**
     * The settings of node {@code nodeId}, by the names of the provider's {@code configKeys()}
     * relative to its prefix: it must listen on {@code portsByNode.get(nodeId)} of 127.0.0.1, know
     * every node of {@code portsByNode} at 127.0.0.1 and its port, and authenticate with
     * {@code secret}. The same node is configured the same way when the kit restarts it.
     */
    protected abstract Map<String, String> settings(int nodeId, Map<Integer, Integer> portsByNode, String secret);

    /**
     * Whether the transport binds the ports it is given (rep07 checks they are free again after
     * close). A transport without network, such as an in-process one for tests, says {@code false}
     * and rep07 skips that check.
     */
    protected boolean bindsPorts() {
        return true;
    }

    /** The longest the kit waits for replication to reach a state; lower it to fail broken plugins faster. */
    protected Duration patience() {
        return Duration.ofSeconds(30);
    }

    @TempDir
    private Path dir;

    private final List<KitCluster> clusters = new ArrayList<>();
    private final List<CountDownLatch> gates = new ArrayList<>();

    @AfterEach
    final void closeClusters() {
        gates.forEach(CountDownLatch::countDown);
        clusters.forEach(KitCluster::close);
    }

    // ---- rules

    /**
     * rep01: 1000 records appended on the leader in batches reach both followers, in order, each
     * offset handed to accept exactly once; the leader hears each follower acknowledge the end.
     */
    @Test
    public void required_rep01_inOrderDeliveryEachRecordAcceptedOnce() {
        KitCluster cluster = cluster(3);
        cluster.elect(1, 1);
        for (int batch = 0; batch < 10; batch++) {
            cluster.append(1, 100);
        }
        MemoryLog leader = cluster.node(1).log;
        for (int follower : List.of(2, 3)) {
            MemoryLog log = cluster.node(follower).log;
            awaitReplica(REP01, leader, follower, log);
            assertThat(log.acceptCalls()).as(REP01.that("accept calls on follower %d for 1000 records", follower))
                    .isEqualTo(1000);
            assertThat(log.offsetsAcceptedTwice()).as(REP01.that("offsets accepted more than once on follower %d",
                    follower)).isEmpty();
            assertThat(log.gapRefusals()).as(REP01.that("records delivered out of order to follower %d (refused"
                    + " with OffsetGapException)", follower)).isZero();
            await(REP01, "the leader hears follower " + follower + " acknowledge offset 1000",
                    () -> "it heard " + leader.acknowledgedBy(follower), () -> leader.acknowledgedBy(follower) == 1000);
        }
        assertThat(leader.contractViolations()).as(REP01.that("acknowledgements going back")).isEmpty();
    }

    /**
     * rep02: while 8 threads call recordsDurable at once, over and over, as records are appended,
     * no offset is handed to a follower's accept twice and no two accepts overlap.
     */
    @Test
    public void required_rep02_noRecordAppliedTwiceNoOverlappingAccepts() throws Exception {
        KitCluster cluster = cluster(3);
        cluster.elect(1, 1);
        MemoryLog leader = cluster.node(1).log;
        ReplicationTransport transport = cluster.node(1).transport;
        ExecutorService wakers = Executors.newFixedThreadPool(8);
        try {
            CyclicBarrier barrier = new CyclicBarrier(8);
            List<Future<?>> calls = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                calls.add(wakers.submit(() -> {
                    for (int round = 0; round < 20; round++) {
                        barrier.await(10, TimeUnit.SECONDS);
                        synchronized (leader) {
                            leader.append(leader.epoch(), 5);
                        }
                        transport.recordsDurable(leader.endOffset());
                        transport.recordsDurable(leader.endOffset());
                    }
                    return null;
                }));
            }
            for (Future<?> call : calls) {
                call.get(30, TimeUnit.SECONDS);
            }
        } finally {
            wakers.shutdownNow();
        }
        assertThat(leader.endOffset()).isEqualTo(800);
        for (int follower : List.of(2, 3)) {
            MemoryLog log = cluster.node(follower).log;
            awaitReplica(REP02, leader, follower, log);
            assertThat(log.offsetsAcceptedTwice()).as(REP02.that("offsets handed to follower %d's accept more than"
                    + " once", follower)).isEmpty();
            assertThat(log.overlappingAccepts()).as(REP02.that("accept calls on follower %d overlapped", follower))
                    .isFalse();
        }
    }

    /**
     * rep03: a follower whose transport is closed and started again over the same log, while the
     * leader keeps appending, gets everything from the position it states and nothing below it twice.
     */
    @Test
    public void required_rep03_restartedFollowerResumesFromItsPositionWithoutDuplicates() {
        KitCluster cluster = cluster(3);
        cluster.elect(1, 1);
        MemoryLog leader = cluster.node(1).log;
        MemoryLog follower = cluster.node(2).log;
        cluster.append(1, 300);
        awaitReplica(REP03, leader, 2, follower);

        cluster.stop(2);
        cluster.append(1, 200);
        awaitReplica(REP03, leader, 3, cluster.node(3).log);
        long stated = follower.position().endOffset();
        cluster.restart(2);
        cluster.append(1, 100);
        awaitReplica(REP03, leader, 2, follower);
        assertThat(stated).isEqualTo(300);
        assertThat(follower.offsetsAcceptedTwice()).as(REP03.that("offsets handed to the restarted follower twice"
                + " (it stated position %d)", stated)).isEmpty();
        assertThat(follower.truncations()).as(REP03.that("truncations of a follower whose log is a prefix of the"
                + " leader's")).isEmpty();
        assertThat(follower.installedSnapshots()).as(REP03.that("snapshots sent to a follower the leader's WAL still"
                + " covers")).isEmpty();

        cluster.stop(3);
        cluster.restart(3);
        cluster.append(1, 50);
        awaitReplica(REP03, leader, 3, cluster.node(3).log);
        awaitReplica(REP03, leader, 2, follower);
        assertThat(cluster.node(3).log.offsetsAcceptedTwice()).as(REP03.that("offsets handed to follower 3 twice"
                + " after it restarted")).isEmpty();
    }

    /**
     * rep04: a follower below the leader's start offset is sent the leader's snapshot (6 MiB) first,
     * byte for byte, then the records from the snapshot's end, never one below it.
     */
    @Test
    public void required_rep04_snapshotFirstWhenTheLeaderNoLongerHoldsTheOffset() {
        byte[] state = new byte[6 << 20];
        new Random(4).nextBytes(state);
        MemoryLog leader = MemoryLog.withSnapshot(1, 500, state);
        KitCluster cluster = cluster(List.of(leader, new MemoryLog(0)), List.of(KitCluster.SECRET, KitCluster.SECRET));
        cluster.elect(1, 1);
        cluster.append(1, 100);
        MemoryLog follower = cluster.node(2).log;
        awaitReplica(REP04, leader, 2, follower);
        List<MemoryLog.InstalledSnapshot> installed = follower.installedSnapshots();
        assertThat(installed).as(REP04.that("snapshots installed on the follower")).hasSize(1);
        assertThat(installed.get(0).endOffset()).as(REP04.that("the end offset of the installed snapshot"))
                .isEqualTo(500);
        assertThat(installed.get(0).data()).as(REP04.that("the installed snapshot, byte for byte")).isEqualTo(state);
        assertThat(follower.startOffset()).as(REP04.that("the follower's start after the snapshot")).isEqualTo(500);
        assertThat(follower.acceptCalls()).as(REP04.that("accept calls for the 100 records after the snapshot"))
                .isEqualTo(100);
        assertThat(follower.offsetsAcceptedTwice()).as(REP04.that("offsets accepted twice")).isEmpty();

        cluster.append(1, 50);
        awaitReplica(REP04, leader, 2, follower);
        assertThat(follower.installedSnapshots()).as(REP04.that("snapshots installed once the follower caught up"))
                .hasSize(1);
    }

    /**
     * rep05: with follower 3 blocked inside accept, the leader's recordsDurable calls return at once
     * and follower 2 gets all 500 records; once unblocked, follower 3 catches up, each record once.
     */
    @Test
    public void required_rep05_slowFollowerSlowsNeitherTheLeaderNorTheOthers() {
        KitCluster cluster = cluster(3);
        CountDownLatch gate = cluster.node(3).log.closeGate();
        gates.add(gate);
        cluster.elect(1, 1);
        MemoryLog leader = cluster.node(1).log;
        long slowest = 0;
        for (int batch = 0; batch < 50; batch++) {
            leader.append(leader.epoch(), 10);
            long start = System.nanoTime();
            cluster.node(1).transport.recordsDurable(leader.endOffset());
            slowest = Math.max(slowest, System.nanoTime() - start);
        }
        awaitReplica(REP05, leader, 2, cluster.node(2).log);
        assertThat(Duration.ofNanos(slowest)).as(REP05.that("the longest recordsDurable call while a follower is"
                + " blocked in accept")).isLessThan(Duration.ofMillis(500));
        assertThat(cluster.node(3).log.acceptCalls()).as(REP05.that("accepts entered by the blocked follower"))
                .isLessThanOrEqualTo(1);

        gate.countDown();
        cluster.append(1, 10);
        awaitReplica(REP05, leader, 3, cluster.node(3).log);
        assertThat(cluster.node(3).log.offsetsAcceptedTwice()).as(REP05.that("offsets the slow follower was handed"
                + " twice")).isEmpty();
        assertThat(cluster.node(3).log.overlappingAccepts()).as(REP05.that("overlapping accepts on the slow follower"))
                .isFalse();
    }

    /**
     * rep06: node 3, configured with another secret, gets nothing applied (no accept, truncate or
     * snapshot) while node 2 gets all 200 records, and the leader never hears it acknowledge.
     */
    @Test
    public void required_rep06_aNodeWithAnotherSecretGetsNothing() throws InterruptedException {
        KitCluster cluster = cluster(List.of(new MemoryLog(0), new MemoryLog(0), new MemoryLog(0)),
                List.of(KitCluster.SECRET, KitCluster.SECRET, KitCluster.OTHER_SECRET));
        cluster.elect(1, 1);
        cluster.append(1, 100);
        cluster.append(1, 100);
        MemoryLog leader = cluster.node(1).log;
        awaitReplica(REP06, leader, 2, cluster.node(2).log);
        MemoryLog outsider = cluster.node(3).log;
        // Proving that nothing arrives takes a window: the outsider must stay empty for a second.
        try {
            Awaitility.await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(5))
                    .until(() -> outsider.acceptCalls() == 0 && outsider.installedSnapshots().isEmpty());
        } catch (ConditionTimeoutException e) {
            // Something arrived: the assertions below name it under this rule.
        }
        assertThat(outsider.acceptCalls()).as(REP06.that("records handed to the node with another secret")).isZero();
        assertThat(outsider.installedSnapshots()).as(REP06.that("snapshots installed on the node with another"
                + " secret")).isEmpty();
        assertThat(outsider.truncations()).as(REP06.that("truncations of the node with another secret")).isEmpty();
        assertThat(leader.acknowledgedBy(3)).as(REP06.that("acknowledgements the leader took from the node with"
                + " another secret")).isEqualTo(-1);
    }

    /**
     * rep07: after replicating, each transport's close returns within 5 seconds, a second close does
     * nothing, and the ports it was given can be bound again.
     */
    @Test
    public void required_rep07_closeIsPromptAndReleasesThePorts() throws Exception {
        KitCluster cluster = cluster(3);
        cluster.elect(1, 1);
        cluster.append(1, 100);
        awaitReplica(REP07, cluster.node(1).log, 2, cluster.node(2).log);
        awaitReplica(REP07, cluster.node(1).log, 3, cluster.node(3).log);
        ExecutorService closer = Executors.newSingleThreadExecutor();
        try {
            for (int id : List.of(2, 1, 3)) {
                ReplicationTransport transport = cluster.node(id).transport;
                cluster.node(id).transport = null;
                Future<?> close = closer.submit(() -> {
                    transport.close();
                    transport.close();
                });
                try {
                    close.get(5, TimeUnit.SECONDS);
                } catch (java.util.concurrent.TimeoutException e) {
                    throw new AssertionError(REP07.that("closing node %d's transport (twice) took over 5 s", id), e);
                }
            }
        } finally {
            closer.shutdownNow();
        }
        Assumptions.assumeTrue(bindsPorts(), REP07 + ": the port check skipped: the transport binds no ports");
        for (Map.Entry<Integer, Integer> port : cluster.ports().entrySet()) {
            await(REP07, "node " + port.getKey() + "'s port " + port.getValue() + " can be bound again",
                    () -> "it is still in use", () -> Ports.canBind(port.getValue()), Duration.ofSeconds(5));
        }
    }

    // ---- helpers

    private KitCluster cluster(int size) {
        List<MemoryLog> logs = new ArrayList<>();
        for (int i = 0; i < size; i++) {
            logs.add(new MemoryLog(0));
        }
        return cluster(logs, Collections.nCopies(size, KitCluster.SECRET));
    }

    private KitCluster cluster(List<MemoryLog> logs, List<String> secrets) {
        KitCluster cluster = KitCluster.start(provider(), this::settings, dir, logs, secrets);
        clusters.add(cluster);
        return cluster;
    }

    /** Waits until the follower's log holds exactly the leader's records, and no more. */
    private void awaitReplica(RepRule rule, MemoryLog leader, int followerId, MemoryLog follower) {
        await(rule, "follower " + followerId + " holds the leader's records [" + leader.startOffset() + ", "
                        + leader.endOffset() + ")",
                () -> "it holds [" + follower.startOffset() + ", " + follower.endOffset() + ") after "
                        + follower.acceptCalls() + " accept calls, " + follower.gapRefusals() + " refused as gaps, "
                        + follower.offsetsAcceptedTwice().size() + " offsets accepted twice",
                () -> follower.endOffset() >= leader.endOffset());
        assertThat(follower.lines()).as(rule.that("follower %d's records, in order", followerId))
                .isEqualTo(leader.lines());
    }

    private void await(RepRule rule, String what, Supplier<String> found, BooleanSupplier condition) {
        await(rule, what, found, condition, patience());
    }

    private static void await(RepRule rule, String what, Supplier<String> found, BooleanSupplier condition,
            Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError(rule.that("expected within %d s that %s, but %s", timeout.toSeconds(), what,
                        found.get()));
            }
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(rule.that("interrupted waiting until %s", what), e);
            }
        }
    }
}
