package io.quire.core.topics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.quire.api.metadata.BrokerInfo;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Replica placement as Kafka 4.4's striped placer does it, checked over many random starts (the
 * seed of each run is its parameter, so a failure is reproducible).
 */
class ReplicaPlacementTest {

    private static BrokerInfo broker(int id, String rack) {
        return new BrokerInfo(id, "broker-" + id, 9092, rack);
    }

    private static List<BrokerInfo> withoutRacks(int... ids) {
        return IntStream.of(ids).mapToObj(id -> broker(id, null)).toList();
    }

    /** Brokers 1, 2, ... with the racks given, in order. */
    private static List<BrokerInfo> inRacks(String... racks) {
        return IntStream.range(0, racks.length).mapToObj(i -> broker(i + 1, racks[i])).toList();
    }

    private static Map<Integer, String> racksOf(Collection<BrokerInfo> brokers) {
        return brokers.stream().collect(Collectors.toMap(BrokerInfo::id, b -> b.rackIfAny().orElse("(none)")));
    }

    private static Map<Integer, Long> count(List<Integer> brokers) {
        return brokers.stream().collect(Collectors.groupingBy(Function.identity(), Collectors.counting()));
    }

    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10})
    void withoutRacksEachPartitionStartsOneBrokerFurtherAndTakesTheNextBrokersInIdOrder(long seed) {
        List<Integer> ids = List.of(1, 2, 3, 4);
        List<List<Integer>> assignment = ReplicaPlacement.place(withoutRacks(1, 2, 3, 4), 4, 3, new Random(seed));

        int first = ids.indexOf(assignment.get(0).get(0));
        for (int partition = 0; partition < 4; partition++) {
            int leader = (first + partition) % 4;
            assertThat(assignment.get(partition)).as("partition %d", partition)
                    .containsExactly(ids.get(leader), ids.get((leader + 1) % 4), ids.get((leader + 2) % 4));
        }
    }

    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10})
    void withoutRacksEveryBrokerLeadsAndHoldsAnEqualShare(long seed) {
        List<BrokerInfo> brokers = withoutRacks(1, 2, 3, 4, 5);
        List<List<Integer>> assignment = ReplicaPlacement.place(brokers, 20, 3, new Random(seed));

        assertThat(assignment).hasSize(20).allSatisfy(replicas -> assertThat(replicas).hasSize(3).doesNotHaveDuplicates());
        assertThat(count(assignment.stream().map(replicas -> replicas.get(0)).toList()))
                .containsOnlyKeys(1, 2, 3, 4, 5).allSatisfy((broker, led) -> assertThat(led).isEqualTo(4));
        assertThat(count(assignment.stream().flatMap(List::stream).toList()))
                .containsOnlyKeys(1, 2, 3, 4, 5).allSatisfy((broker, held) -> assertThat(held).isEqualTo(12));
    }

    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10})
    void withAsManyRacksAsReplicasEveryPartitionHasOneReplicaInEachRack(long seed) {
        List<BrokerInfo> brokers = inRacks("a", "a", "b", "b", "c", "c");
        Map<Integer, String> rackOf = racksOf(brokers);

        List<List<Integer>> assignment = ReplicaPlacement.place(brokers, 30, 3, new Random(seed));

        assertThat(assignment).allSatisfy(replicas -> assertThat(replicas.stream().map(rackOf::get))
                .containsExactlyInAnyOrder("a", "b", "c"));
    }

    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10})
    void leadersAreSpreadEvenlyOverRacksAndOverTheBrokersOfEachRack(long seed) {
        List<BrokerInfo> brokers = inRacks("a", "a", "b", "b", "c", "c");
        Map<Integer, String> rackOf = racksOf(brokers);

        List<List<Integer>> assignment = ReplicaPlacement.place(brokers, 12, 3, new Random(seed));

        List<Integer> leaders = assignment.stream().map(replicas -> replicas.get(0)).toList();
        assertThat(count(leaders)).containsOnlyKeys(1, 2, 3, 4, 5, 6).allSatisfy((broker, led) -> assertThat(led).isEqualTo(2));
        // Consecutive partitions are led from consecutive racks: the stripes.
        for (int partition = 0; partition + 2 < 12; partition += 3) {
            assertThat(leaders.subList(partition, partition + 3).stream().map(rackOf::get))
                    .containsExactlyInAnyOrder("a", "b", "c");
        }
    }

    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10})
    void fewerReplicasThanRacksPutEachReplicaInADifferentRack(long seed) {
        List<BrokerInfo> brokers = inRacks("a", "b", "c", "d", "a", "b", "c", "d");
        Map<Integer, String> rackOf = racksOf(brokers);

        List<List<Integer>> assignment = ReplicaPlacement.place(brokers, 40, 2, new Random(seed));

        assertThat(assignment).allSatisfy(replicas -> assertThat(replicas.stream().map(rackOf::get)).doesNotHaveDuplicates());
        assertThat(count(assignment.stream().flatMap(List::stream).toList()))
                .allSatisfy((broker, held) -> assertThat(held).isEqualTo(10));
    }

    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10})
    void moreReplicasThanRacksCoverEveryRackAndNeverABrokerTwice(long seed) {
        List<BrokerInfo> brokers = inRacks("a", "a", "a", "b", "b", "b");
        Map<Integer, String> rackOf = racksOf(brokers);

        List<List<Integer>> assignment = ReplicaPlacement.place(brokers, 24, 4, new Random(seed));

        assertThat(assignment).allSatisfy(replicas -> {
            assertThat(replicas).hasSize(4).doesNotHaveDuplicates();
            assertThat(replicas.stream().map(rackOf::get).collect(Collectors.toSet())).containsExactlyInAnyOrder("a", "b");
        });
    }

    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10})
    void brokersWithoutARackShareOneUnnamedRack(long seed) {
        List<BrokerInfo> brokers = List.of(broker(1, null), broker(2, null), broker(3, "a"), broker(4, "b"));
        Map<Integer, String> rackOf = racksOf(brokers);

        List<List<Integer>> assignment = ReplicaPlacement.place(brokers, 12, 3, new Random(seed));

        assertThat(assignment).allSatisfy(replicas -> assertThat(replicas.stream().map(rackOf::get))
                .containsExactlyInAnyOrder("(none)", "a", "b"));
    }

    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10})
    void aRackWithFewBrokersStillGetsAReplicaOfEveryPartition(long seed) {
        // Kafka puts the spread over racks before the spread over brokers: uneven racks are the user's choice.
        List<BrokerInfo> brokers = inRacks("small", "big", "big", "big");

        List<List<Integer>> assignment = ReplicaPlacement.place(brokers, 16, 2, new Random(seed));

        assertThat(assignment).allSatisfy(replicas -> assertThat(replicas).contains(1).hasSize(2));
    }

    @Test
    void addedPartitionsContinueTheStripeOfTheExistingOnes() {
        List<BrokerInfo> brokers = inRacks("a", "b", "c");
        // The last existing partition is led from rack b (broker 2).
        List<List<Integer>> existing = List.of(List.of(1, 2, 3), List.of(2, 3, 1));

        for (long seed = 1; seed <= 10; seed++) {
            List<List<Integer>> added = ReplicaPlacement.placeAfter(brokers, existing, 3, 1, new Random(seed));

            assertThat(added).as("seed %d", seed).containsExactly(List.of(3), List.of(1), List.of(2));
        }
    }

    @Test
    void addedPartitionsContinueWithTheBrokerAfterTheLastOneUsedInEachRack() {
        List<BrokerInfo> brokers = withoutRacks(1, 2, 3, 4);
        List<List<Integer>> existing = List.of(List.of(3, 4));

        for (long seed = 1; seed <= 10; seed++) {
            List<List<Integer>> added = ReplicaPlacement.placeAfter(brokers, existing, 2, 2, new Random(seed));

            assertThat(added).as("seed %d", seed).containsExactly(List.of(4, 1), List.of(1, 2));
        }
    }

    @Test
    void theSameRandomGivesTheSamePlacement() {
        List<BrokerInfo> brokers = inRacks("a", "b", "c", "a", "b", "c", "a");

        assertThat(ReplicaPlacement.place(brokers, 50, 3, new Random(42)))
                .isEqualTo(ReplicaPlacement.place(brokers, 50, 3, new Random(42)));
    }

    @Test
    void oneBrokerHoldsEveryPartition() {
        assertThat(ReplicaPlacement.place(withoutRacks(7), 5, 1, new Random(1))).containsOnly(List.of(7)).hasSize(5);
    }

    @Test
    void zeroPartitionsGiveAnEmptyAssignment() {
        assertThat(ReplicaPlacement.place(withoutRacks(1, 2), 0, 1, new Random(1))).isEmpty();
    }

    @Test
    void aReplicationFactorOutsideOneToTheBrokerCountIsAProgrammingError() {
        List<BrokerInfo> brokers = withoutRacks(1, 2);
        for (int replicationFactor : List.of(0, -1, 3)) {
            assertThatThrownBy(() -> ReplicaPlacement.place(brokers, 1, replicationFactor, new Random(1)))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("replication factor " + replicationFactor + " with 2 broker(s)");
        }
    }

    @Test
    void everyBrokerIsUsedWhenTheReplicationFactorIsTheBrokerCount() {
        List<List<Integer>> assignment = ReplicaPlacement.place(inRacks("a", "b", "a", "c"), 8, 4, new Random(3));

        assertThat(assignment).allSatisfy(replicas -> assertThat(replicas).containsExactlyInAnyOrder(1, 2, 3, 4));
    }
}
