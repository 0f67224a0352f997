package io.quire.core.topics;

import io.quire.api.metadata.BrokerInfo;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;

/**
 * The racks of the registered brokers in a ring, placing one partition per round as Kafka's
 * striped replica placer does: the leader comes from the rack at the ring's offset, each further
 * replica from the next rack round the ring, and the offset moves one rack per partition, so
 * consecutive partitions form diagonal stripes across the racks. Brokers without a rack share one
 * unnamed rack; when no broker has one, placement is plain round robin over the brokers.
 */
final class RackRing {

    private static final Comparator<Optional<String>> UNNAMED_FIRST =
            Comparator.comparing((Optional<String> rack) -> rack.isPresent()).thenComparing(rack -> rack.orElse(""));

    private final Random random;
    private final Map<Optional<String>, BrokerCycle> cycles = new HashMap<>();
    private final List<Optional<String>> racks = new ArrayList<>();
    private final int brokerCount;
    private int offset;
    private long round;
    private int placedSinceShuffle;

    /**
     * @param existing the replicas of the topic's partitions so far, in partition order; empty for
     *     a new topic
     */
    RackRing(Collection<BrokerInfo> brokers, List<List<Integer>> existing, Random random) {
        this.random = random;
        this.brokerCount = brokers.size();
        Map<Integer, Optional<String>> rackOf = new HashMap<>();
        for (BrokerInfo broker : brokers) {
            rackOf.put(broker.id(), broker.rackIfAny());
            cycles.computeIfAbsent(broker.rackIfAny(), rack -> {
                racks.add(rack);
                return new BrokerCycle();
            }).add(broker.id());
        }
        racks.sort(UNNAMED_FIRST);
        // In rack order, so that a seeded Random gives the same placement every time.
        for (Optional<String> rack : racks) {
            Optional<Integer> last = lastUsedIn(rack, existing, rackOf);
            if (last.isPresent()) {
                cycles.get(rack).startAfter(last.get());
            } else {
                cycles.get(rack).start(random);
            }
        }
        Optional<Integer> lastLeaderRack = existing.isEmpty()
                ? Optional.empty()
                : Optional.ofNullable(rackOf.get(existing.get(existing.size() - 1).get(0))).map(racks::indexOf);
        offset = lastLeaderRack.map(index -> index + 1).orElseGet(() -> random.nextInt(racks.size()));
    }

    /** The broker of {@code rack} that holds the most recent replica of the existing partitions. */
    private static Optional<Integer> lastUsedIn(Optional<String> rack, List<List<Integer>> existing,
            Map<Integer, Optional<String>> rackOf) {
        for (int partition = existing.size() - 1; partition >= 0; partition--) {
            for (int broker : existing.get(partition)) {
                if (rack.equals(rackOf.get(broker))) {
                    return Optional.of(broker);
                }
            }
        }
        return Optional.empty();
    }

    /**
     * The replicas of the next partition, leader first, each on a different broker, and on as many
     * different racks as the replication factor and the racks allow.
     *
     * @param replicationFactor at most the number of brokers
     */
    List<Integer> place(int replicationFactor) {
        // Once every broker has led a partition, reshuffle so that the next stripes do not repeat
        // the same replica sets (as Kafka does); a single broker has nothing to reshuffle.
        if (placedSinceShuffle == brokerCount && brokerCount > 1) {
            shuffle();
            placedSinceShuffle = 0;
        }
        offset %= racks.size();
        List<Integer> replicas = new ArrayList<>(replicationFactor);
        int leaderRack = offset;
        int leader = cycle(leaderRack).next(round);
        while (leader < 0) {
            leaderRack = (leaderRack + 1) % racks.size();
            leader = cycle(leaderRack).next(round);
        }
        replicas.add(leader);
        // Followers go round the ring from the offset, passing over the leader's rack once: a
        // later lap takes a second broker from a rack only when there are fewer racks than replicas.
        int rack = offset;
        boolean leaderRackPassed = false;
        while (replicas.size() < replicationFactor) {
            if (rack == leaderRack && !leaderRackPassed) {
                leaderRackPassed = true;
            } else {
                int follower = cycle(rack).next(round);
                if (follower >= 0) {
                    replicas.add(follower);
                }
            }
            rack = (rack + 1) % racks.size();
        }
        round++;
        placedSinceShuffle++;
        offset++;
        return replicas;
    }

    private BrokerCycle cycle(int rackIndex) {
        return cycles.get(racks.get(rackIndex));
    }

    private void shuffle() {
        Collections.shuffle(racks, random);
        cycles.values().forEach(cycle -> cycle.shuffle(random));
    }
}
