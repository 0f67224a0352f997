package io.quire.tck.consensus;

import io.quire.spi.consensus.Consensus;
import io.quire.spi.consensus.Leadership;
import io.quire.tck.support.Ports;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;

/**
 * One consensus group inside the test JVM: members 1..n, each created by the plugin's factory over
 * its own data directory, on a free loopback port the kit picked, and started with its own
 * {@link RecordingContext}. A stopped member is closed; restarting it creates a new instance over
 * the same directory and port, reporting to the same context.
 */
final class KitGroup implements AutoCloseable {

    /** Creates a member, not yet started: the plugin's test's {@code createMember(...)}. */
    @FunctionalInterface
    interface MemberFactory {
        Consensus create(int nodeId, Map<Integer, Integer> portsByMember, Path dataDir) throws IOException;
    }

    /** A leader every running member was told of: {@code leaderId} leads {@code epoch}. */
    record Elected(int leaderId, long epoch) {}

    /** One member: its directory, its engine side, and its running instance (null while stopped). */
    static final class Member {
        final int id;
        final Path dir;
        final RecordingContext context;
        volatile Consensus consensus;

        private Member(int id, Path dir, RecordingContext context) {
            this.id = id;
            this.dir = dir;
            this.context = context;
        }
    }

    private final MemberFactory factory;
    private final Duration patience;
    private final Map<Integer, Member> members = new TreeMap<>();
    private final Map<Integer, Integer> ports = new TreeMap<>();

    private KitGroup(MemberFactory factory, Duration patience) {
        this.factory = factory;
        this.patience = patience;
    }

    /** Creates members 1..size and starts them in parallel, as the nodes of a cluster start. */
    static KitGroup start(MemberFactory factory, int size, Path dir, Duration patience) {
        KitGroup group = new KitGroup(factory, patience);
        AtomicLong order = new AtomicLong();
        try {
            for (int id = 1; id <= size; id++) {
                group.ports.put(id, Ports.freePort());
                group.members.put(id, new Member(id, Files.createDirectories(dir.resolve("member-" + id)),
                        new RecordingContext(id, order)));
            }
            CompletableFuture.allOf(group.members.values().stream()
                    .map(member -> CompletableFuture.runAsync(() -> group.startMember(member)))
                    .toArray(CompletableFuture[]::new)).join();
        } catch (IOException e) {
            group.close();
            throw new UncheckedIOException(e);
        } catch (CompletionException e) {
            group.close();
            throw e.getCause() instanceof RuntimeException r ? r : e;
        }
        return group;
    }

    Member member(int id) {
        return members.get(id);
    }

    Collection<Member> members() {
        return members.values();
    }

    Set<Integer> ids() {
        return Set.copyOf(members.keySet());
    }

    Map<Integer, Integer> ports() {
        return Map.copyOf(ports);
    }

    /** How many members make a quorum. */
    int majority() {
        return members.size() / 2 + 1;
    }

    Set<Integer> running() {
        return members.values().stream().filter(member -> member.consensus != null).map(member -> member.id)
                .collect(Collectors.toCollection(TreeSet::new));
    }

    /** Closes a member, as a stopping node would; its context counts what arrives afterwards. */
    void stop(int id) {
        Member member = member(id);
        Consensus consensus = member.consensus;
        member.consensus = null;
        if (consensus != null) {
            consensus.close();
            member.context.closed();
        }
    }

    /** Creates and starts a stopped member again over the same directory and port. */
    void restart(int id) {
        startMember(member(id));
    }

    /**
     * Waits until a running member has been told that it leads an epoch of at least
     * {@code minEpoch} and every running member has been told the same, since its last start.
     */
    Elected awaitLeader(ConRule rule, long minEpoch) {
        return Waits.until(rule, patience, "a running member of " + running() + " is told it leads an epoch >= "
                + minEpoch + " and every running member is told so", this::knowledge, () -> elected(minEpoch));
    }

    /** The events of every member, for failure messages. */
    String knowledge() {
        return members.values().stream()
                .map(member -> "node " + member.id + (member.consensus == null ? " (stopped)" : "") + " was told "
                        + member.context.events())
                .collect(Collectors.joining("; "));
    }

    private Optional<Elected> elected(long minEpoch) {
        Set<Integer> running = running();
        List<Elected> candidates = new ArrayList<>();
        for (int id : running) {
            for (RecordingContext.Event event : member(id).context.currentEvents()) {
                Leadership told = event.leadership();
                if (told.isLocalLeader() && told.epoch() >= minEpoch) {
                    candidates.add(new Elected(id, told.epoch()));
                }
            }
        }
        return candidates.stream()
                .filter(candidate -> running.stream().allMatch(id -> toldOf(member(id), candidate)))
                .max((a, b) -> a.epoch() != b.epoch() ? Long.compare(a.epoch(), b.epoch())
                        : Integer.compare(b.leaderId(), a.leaderId()));
    }

    private static boolean toldOf(Member member, Elected elected) {
        return member.context.currentEvents().stream().map(RecordingContext.Event::leadership)
                .anyMatch(told -> told.epoch() == elected.epoch() && told.leaderId().isPresent()
                        && told.leaderId().getAsInt() == elected.leaderId());
    }

    private void startMember(Member member) {
        Consensus consensus = null;
        try {
            consensus = factory.create(member.id, Map.copyOf(ports), member.dir);
            member.context.started();
            consensus.start(member.context);
            member.consensus = consensus;
        } catch (IOException | RuntimeException e) {
            if (consensus != null) {
                // Whatever it bound before failing would keep the next attempt from starting.
                consensus.close();
            }
            throw e instanceof IOException io ? new UncheckedIOException("member " + member.id + " did not start", io)
                    : (RuntimeException) e;
        }
    }

    @Override
    public void close() {
        for (Member member : members.values()) {
            try {
                stop(member.id);
            } catch (RuntimeException e) {
                // The rule under test reports what matters; a failing close is con08's business.
            }
        }
    }
}
