package io.quire.tck.consensus;

import static io.quire.tck.consensus.ConRule.CON01;
import static io.quire.tck.consensus.ConRule.CON02;
import static io.quire.tck.consensus.ConRule.CON03;
import static io.quire.tck.consensus.ConRule.CON04;
import static io.quire.tck.consensus.ConRule.CON05;
import static io.quire.tck.consensus.ConRule.CON06;
import static io.quire.tck.consensus.ConRule.CON07;
import static io.quire.tck.consensus.ConRule.CON08;
import static org.assertj.core.api.Assertions.assertThat;

import io.quire.spi.consensus.Consensus;
import io.quire.spi.consensus.ConsensusProvider;
import io.quire.spi.consensus.Leadership;
import io.quire.spi.consensus.NotLeaderException;
import io.quire.spi.plugin.PluginContext;
import io.quire.spi.plugin.PluginSettings;
import io.quire.tck.consensus.KitGroup.Elected;
import io.quire.tck.consensus.KitGroup.Member;
import io.quire.tck.consensus.RecordingContext.Event;
import io.quire.tck.support.KitSettings;
import io.quire.tck.support.Ports;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The conformance suite of the consensus SPI: every rule of the {@link Consensus} contract,
 * numbered in the kit's {@code RULES.md}, as one test named after its number and strength
 * ({@code required_con01_...}). A failure message starts with the rule it broke.
 *
 * <h2>Binding a plugin</h2>
 * A plugin's test sources extend this class and say how member {@code nodeId} of a group is made:
 * <pre>{@code
 * class MyConsensusConformanceTest extends ConsensusVerification {
 *     @Override
 *     protected Consensus createMember(int nodeId, Map<Integer, Integer> portsByMember, Path dataDir) {
 *         String peers = portsByMember.entrySet().stream()
 *                 .map(peer -> peer.getKey() + "=127.0.0.1:" + peer.getValue())
 *                 .collect(Collectors.joining(","));
 *         return createFromProvider(new MyConsensusProvider(), nodeId, dataDir, Map.of("peers", peers));
 *     }
 * }
 * }</pre>
 * The kit builds groups of {@link #groupSize()} members (ids 1..n) on free loopback ports it picks,
 * one data directory per member; it starts each member with a context of its own that records every
 * callback, stops members by closing them, and restarts a member by creating it again over the same
 * directory and port. A rule that needs more members than a plugin's group has is skipped, saying so.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
public abstract class ConsensusVerification {

    /** How many times con01 and con02 stop the leader, wait for the next one, and restart the old one. */
    private static final int FORCED_ELECTIONS = 2;
    private static final int PROPOSALS_PER_MEMBER = 10;
    private static final Duration PORT_RELEASE = Duration.ofSeconds(5);

    /**
     * Creates member {@code nodeId} of the group whose members are the keys of
     * {@code portsByMember}, not yet started: it listens on {@code portsByMember.get(nodeId)} of
     * 127.0.0.1 (if it listens at all) and finds every other member at 127.0.0.1 and its port. It
     * keeps its state in {@code dataDir}, which exists; the kit calls this again with the same
     * directory and port to restart a stopped member.
     */
    protected abstract Consensus createMember(int nodeId, Map<Integer, Integer> portsByMember, Path dataDir)
            throws IOException;

    /**
     * How many members the kit's groups have: 3 by default (the smallest group that survives losing a
     * member). A plugin without elections runs groups of 1; the rules that need a minority to stay
     * up, or another member to ask, are then skipped with the reason.
     */
    protected int groupSize() {
        return 3;
    }

    /** Whether members listen on the ports they are given; con08 checks they are free again after close. */
    protected boolean bindsPorts() {
        return true;
    }

    /**
     * The longest the kit waits for an election, a proposal or a question. A plugin must fail a
     * proposal it cannot hand to a leader well within this, which its test configures.
     */
    protected Duration patience() {
        return Duration.ofSeconds(30);
    }

    /**
     * How long the kit watches for something that must not happen (a minority electing, a callback
     * after close, a proposal executed again): generous against the plugin's election timeout, at
     * least five of them, yet short enough for the suite to stay fast.
     */
    protected Duration quietWindow() {
        return Duration.ofSeconds(3);
    }

    /**
     * Creates a member through {@code provider}, as the launcher would, with {@code settings} named
     * as the provider's {@code configKeys()} relative to {@code consensus.<name>.}; an undeclared name or
     * an unparsable value fails at once, naming the key.
     */
    protected static Consensus createFromProvider(ConsensusProvider provider, int nodeId, Path dataDir,
            Map<String, String> settings) throws IOException {
        KitSettings parsed = KitSettings.of("consensus", provider.name(), provider.configKeys(), settings);
        return provider.create(new KitPluginContext(nodeId, dataDir, parsed));
    }

    private record KitPluginContext(int nodeId, Path dataDir, PluginSettings settings) implements PluginContext {}

    @TempDir
    private Path dir;

    private final List<KitGroup> groups = new ArrayList<>();

    @AfterEach
    final void closeGroups() {
        groups.forEach(KitGroup::close);
    }

    // ---- rules

    /**
     * con01: over forced elections (the leader stops, the others elect another, the old one comes
     * back), no two members are ever named leader of the same epoch, by any member's events.
     */
    @Test
    public void required_con01_atMostOneLeaderPerEpoch() {
        KitGroup group = group();
        forceElections(CON01, group);
        Map<Long, Set<Integer>> leadersByEpoch = new TreeMap<>();
        for (Member member : group.members()) {
            for (Event event : member.context.events()) {
                Leadership told = event.leadership();
                told.leaderId().ifPresent(leader ->
                        leadersByEpoch.computeIfAbsent(told.epoch(), epoch -> new TreeSet<>()).add(leader));
            }
        }
        leadersByEpoch.forEach((epoch, leaders) -> assertThat(leaders)
                .as(CON01.that("the leaders of epoch %d, as the members were told (%s)", epoch, group.knowledge()))
                .hasSize(1));
    }

    /**
     * con02: over forced elections, every member's events (across its restarts) name it as the
     * local node, never lower the epoch, never overlap, and end with the leadership the member reports.
     */
    @Test
    public void required_con02_epochsNeverDecreaseAndEventsArriveOneAtATimeInOrder() {
        KitGroup group = group();
        forceElections(CON02, group);
        for (Member member : group.members()) {
            List<Event> events = member.context.events();
            for (int i = 0; i < events.size(); i++) {
                Event event = events.get(i);
                assertThat(event.leadership().localNodeId())
                        .as(CON02.that("the local node of event %s to node %d", event, member.id)).isEqualTo(member.id);
                if (i > 0) {
                    assertThat(event.leadership().epoch()).as(CON02.that("the epoch of node %d's event %s, after %s"
                            + " (all its events: %s)", member.id, event, events.get(i - 1), events))
                            .isGreaterThanOrEqualTo(events.get(i - 1).leadership().epoch());
                }
            }
            assertThat(events.stream().filter(Event::overlapped).toList())
                    .as(CON02.that("node %d's events that began while another was running (all its events: %s)",
                            member.id, events))
                    .isEmpty();
        }
        for (Member member : group.members()) {
            Waits.until(CON02, patience(), "the last event to node " + member.id + " is the leadership it reports",
                    () -> "it reports " + member.consensus.leadership() + " and was told " + member.context.events(),
                    () -> member.context.lastEvent() != null
                            && member.context.lastEvent().leadership().equals(member.consensus.leadership()));
        }
    }

    /**
     * con03: proposals from every member, each with a unique command, are each executed exactly once,
     * by a member told it leads, and complete with what that execution returned; none runs again
     * during the quiet window, and none reaches the metadata-log path of an engine with a WAL.
     */
    @Test
    public void required_con03_aProposalIsExecutedOnceByTheLeaderAndAnsweredWithItsResult() {
        KitGroup group = group();
        group.awaitLeader(CON03, 0);
        Map<String, CompletableFuture<byte[]>> proposals = new LinkedHashMap<>();
        for (int round = 0; round < PROPOSALS_PER_MEMBER; round++) {
            for (Member member : group.members()) {
                String command = "con03 proposal " + round + " from node " + member.id;
                proposals.put(command, member.consensus.propose(bytes(command)));
            }
        }
        for (Map.Entry<String, CompletableFuture<byte[]>> proposal : proposals.entrySet()) {
            String command = proposal.getKey();
            byte[] result = Waits.result(CON03, "the proposal '" + command + "'", proposal::getValue, patience());
            List<Member> executors = group.members().stream()
                    .filter(member -> member.context.executionsOf(command) > 0).toList();
            assertThat(executions(group, command)).as(CON03.that("executions of '%s' on every member", command))
                    .isEqualTo(1);
            Member executor = executors.get(0);
            List<RecordingContext.Execution> execution = executor.context.executions().stream()
                    .filter(e -> e.command().equals(command)).toList();
            assertThat(execution).as(CON03.that("whether node %d had been told it leads when it executed '%s': %s",
                    executor.id, command, execution)).allMatch(RecordingContext.Execution::toldItLeads);
            assertThat(text(result)).as(CON03.that("the result of '%s', executed by node %d", command, executor.id))
                    .isEqualTo(text(RecordingContext.resultOf(executor.id, command)));
        }
        for (Member member : group.members()) {
            assertThat(member.context.misplacedCalls())
                    .as(CON03.that("metadata-log calls to node %d, whose engine has a metadata WAL", member.id))
                    .isEmpty();
        }
        Waits.during(CON03, quietWindow(), "every proposal stays executed once",
                () -> "executions: " + proposals.keySet().stream().map(c -> c + " x" + executions(group, c))
                        .collect(Collectors.joining(", ")),
                () -> proposals.keySet().stream().allMatch(command -> executions(group, command) == 1));
    }

    /**
     * con04: with only a minority running (the leader among it), a proposal on each survivor fails
     * with {@link NotLeaderException} or a timeout, within the kit's patience, and is not executed.
     */
    @Test
    public void required_con04_aProposalWithoutAMajorityFailsNeitherHangingNorExecuting() {
        assumeAMinorityCanStayUp(CON04);
        KitGroup group = group();
        Elected leader = group.awaitLeader(CON04, 0);
        List<Integer> survivors = new ArrayList<>(List.of(leader.leaderId()));
        survivors.addAll(others(group, leader.leaderId(), minority(group) - 1));
        stopAllBut(group, survivors);
        for (int survivor : survivors) {
            String command = "con04 proposal on node " + survivor + " while only " + survivors + " run";
            Throwable failure = Waits.failure(CON04, "the proposal '" + command + "'",
                    () -> group.member(survivor).consensus.propose(bytes(command)), patience());
            assertThat(notLeaderOrTimeout(failure))
                    .as(CON04.that("whether the failure of '%s' is a NotLeaderException or a TimeoutException: %s",
                            command, Waits.trace(failure)))
                    .isTrue();
            assertThat(executions(group, command)).as(CON04.that("executions of '%s'", command)).isZero();
        }
    }

    /**
     * con05: with followers and then the leader stopped so that a minority runs, no survivor is told of a
     * leader of a later epoch for the quiet window; once a stopped member is back (a majority again),
     * a leader of a later epoch is elected.
     */
    @Test
    public void required_con05_aMinorityCannotElectALeader() {
        assumeAMinorityCanStayUp(CON05);
        KitGroup group = group();
        Elected leader = group.awaitLeader(CON05, 0);
        List<Integer> survivors = others(group, leader.leaderId(), minority(group));
        // The leader last: stopped first, it would leave a majority free to elect before the rest stop.
        group.ids().stream().filter(id -> id != leader.leaderId() && !survivors.contains(id)).forEach(group::stop);
        group.stop(leader.leaderId());
        Waits.during(CON05, quietWindow(), "no survivor of " + survivors + " is told of a leader of an epoch above "
                        + leader.epoch(), group::knowledge,
                () -> survivors.stream().noneMatch(id -> toldOfLaterLeader(group.member(id), leader.epoch())));
        for (int survivor : survivors) {
            assertThat(group.member(survivor).consensus.leadership().isLocalLeader())
                    .as(CON05.that("whether node %d, in a minority, reports that it leads", survivor)).isFalse();
        }
        int back = group.ids().stream().filter(id -> id != leader.leaderId() && !survivors.contains(id))
                .findFirst().orElse(leader.leaderId());
        group.restart(back);
        group.awaitLeader(CON05, leader.epoch() + 1);
    }

    /**
     * con06: asking a member that is not in the group fails; every member's question to every other
     * member reaches that member's engine and completes with its answer; asking a stopped member fails.
     */
    @Test
    public void required_con06_askReachesTheMembersEngineAndUnreachableMembersFail() {
        KitGroup group = group();
        group.awaitLeader(CON06, 0);
        int unknown = Collections.max(group.ids()) + 1;
        Member first = group.member(1);
        Waits.failure(CON06, "node 1 asking node " + unknown + ", which is not a member",
                () -> first.consensus.ask(unknown, bytes("con06 question to a stranger")), patience());
        Assumptions.assumeTrue(group.ids().size() >= 2,
                CON06 + ": asking other members skipped: the group has one member");
        for (Member from : group.members()) {
            for (Member to : group.members()) {
                if (from == to) {
                    continue;
                }
                String question = "con06 question from node " + from.id + " to node " + to.id;
                byte[] answer = Waits.result(CON06, "the question '" + question + "'",
                        () -> from.consensus.ask(to.id, bytes(question)), patience());
                assertThat(text(answer)).as(CON06.that("the answer to '%s'", question))
                        .isEqualTo(text(RecordingContext.answerOf(to.id, question)));
                assertThat(to.context.questions()).as(CON06.that("the questions node %d's engine answered", to.id))
                        .contains(question);
            }
        }
        int stopped = Collections.max(group.ids());
        group.stop(stopped);
        Waits.failure(CON06, "node 1 asking node " + stopped + ", which is stopped",
                () -> first.consensus.ask(stopped, bytes("con06 question to a stopped member")), patience());
    }

    /** con07: every member's members() is exactly the group, itself included. */
    @Test
    public void required_con07_membersListsEveryMemberTheLocalOneIncluded() {
        KitGroup group = group();
        group.awaitLeader(CON07, 0);
        for (Member member : group.members()) {
            assertThat(member.consensus.members()).as(CON07.that("members() of node %d", member.id))
                    .containsExactlyInAnyOrderElementsOf(group.ids());
        }
    }

    /**
     * con08: each member's close (the leader's first, while the others elect) returns within the
     * kit's patience; no callback reaches a closed member for the quiet window; every member's port
     * can be bound again.
     */
    @Test
    public void required_con08_closeStopsTheMember() {
        KitGroup group = group();
        Elected leader = group.awaitLeader(CON08, 0);
        List<Integer> order = new ArrayList<>(List.of(leader.leaderId()));
        order.addAll(others(group, leader.leaderId(), group.ids().size() - 1));
        for (int id : order) {
            Waits.completes(CON08, "closing node " + id, () -> group.stop(id), patience());
        }
        Waits.during(CON08, quietWindow(), "no callback reaches a closed member",
                () -> group.members().stream().map(m -> "node " + m.id + " got " + m.context.callbacksAfterClose())
                        .collect(Collectors.joining("; ")),
                () -> group.members().stream().allMatch(member -> member.context.callbacksAfterClose().isEmpty()));
        Assumptions.assumeTrue(bindsPorts(), CON08 + ": the port check skipped: the plugin binds no ports");
        group.ports().forEach((id, port) -> Waits.until(CON08, PORT_RELEASE,
                "node " + id + "'s port " + port + " can be bound again", () -> "it is still in use",
                () -> Ports.canBind(port)));
    }

    // ---- helpers

    private KitGroup group() {
        KitGroup group = KitGroup.start(this::createMember, groupSize(), dir, patience());
        groups.add(group);
        return group;
    }

    /**
     * Stops the leader and waits for the others to elect another (when they are a majority), then
     * restarts the old leader and waits until every member knows the current leader; twice.
     */
    private static void forceElections(ConRule rule, KitGroup group) {
        Elected leader = group.awaitLeader(rule, 0);
        for (int round = 0; round < FORCED_ELECTIONS; round++) {
            group.stop(leader.leaderId());
            long floor = leader.epoch();
            if (group.running().size() >= group.majority()) {
                floor = group.awaitLeader(rule, leader.epoch()).epoch();
            }
            group.restart(leader.leaderId());
            leader = group.awaitLeader(rule, floor);
        }
    }

    private void assumeAMinorityCanStayUp(ConRule rule) {
        Assumptions.assumeTrue(groupSize() >= 3, rule + ": skipped: a group of " + groupSize()
                + " has no minority that can stay up while a majority is down");
    }

    /** The size of the largest minority: what may run while a majority is down. */
    private static int minority(KitGroup group) {
        return group.majority() - 1;
    }

    /** The {@code count} lowest ids other than {@code excluded}. */
    private static List<Integer> others(KitGroup group, int excluded, int count) {
        return group.ids().stream().sorted().filter(id -> id != excluded).limit(count).toList();
    }

    private static void stopAllBut(KitGroup group, List<Integer> survivors) {
        group.ids().stream().filter(id -> !survivors.contains(id)).forEach(group::stop);
    }

    private static boolean toldOfLaterLeader(Member member, long epoch) {
        return member.context.currentEvents().stream().map(Event::leadership)
                .anyMatch(told -> told.leaderId().isPresent() && told.epoch() > epoch);
    }

    private static int executions(KitGroup group, String command) {
        return group.members().stream().mapToInt(member -> member.context.executionsOf(command)).sum();
    }

    /**
     * Whether the engine can tell what happened: it answers NOT_LEADER for a {@link NotLeaderException}
     * and REQUEST_TIMED_OUT for a {@link TimeoutException}, under any completion wrappers; any other
     * failure reaches the client as an internal error.
     */
    private static boolean notLeaderOrTimeout(Throwable failure) {
        Throwable cause = failure;
        while ((cause instanceof CompletionException || cause instanceof ExecutionException)
                && cause.getCause() != null) {
            cause = cause.getCause();
        }
        return cause instanceof NotLeaderException || cause instanceof TimeoutException;
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static String text(byte[] bytes) {
        return new String(bytes, StandardCharsets.UTF_8);
    }
}
