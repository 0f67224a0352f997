package io.quire.core.topics;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class ReplicaPlacementTest {

    @Test
    void leadersGoRoundRobinOverTheBrokersFromTheStart() {
        List<List<Integer>> assignment = ReplicaPlacement.assign(List.of(1, 2, 3), 7, 1, 0);

        assertThat(assignment).extracting(replicas -> replicas.get(0)).containsExactly(1, 2, 3, 1, 2, 3, 1);
    }

    @Test
    void theStartShiftsWhoLeadsPartitionZero() {
        List<List<Integer>> assignment = ReplicaPlacement.assign(List.of(10, 20, 30), 4, 1, 2);

        assertThat(assignment).extracting(replicas -> replicas.get(0)).containsExactly(30, 10, 20, 30);
    }

    @Test
    void aStartBeyondTheBrokerCountWrapsAround() {
        assertThat(ReplicaPlacement.assign(List.of(1, 2, 3), 3, 1, 4))
                .isEqualTo(ReplicaPlacement.assign(List.of(1, 2, 3), 3, 1, 1));
    }

    @Test
    void followersAreTheNextBrokersAfterTheLeaderInIdOrder() {
        List<List<Integer>> assignment = ReplicaPlacement.assign(List.of(1, 2, 3, 4), 4, 3, 1);

        assertThat(assignment).containsExactly(
                List.of(2, 3, 4),
                List.of(3, 4, 1),
                List.of(4, 1, 2),
                List.of(1, 2, 3));
    }

    @Test
    void everyBrokerLeadsAnEqualShareWhenPartitionsAreAMultipleOfBrokers() {
        List<Integer> brokers = List.of(1, 2, 3, 4, 5);
        for (int start = 0; start < brokers.size(); start++) {
            List<List<Integer>> assignment = ReplicaPlacement.assign(brokers, 20, 3, start);

            Map<Integer, Long> ledPartitions = assignment.stream()
                    .collect(Collectors.groupingBy(replicas -> replicas.get(0), Collectors.counting()));
            Map<Integer, Long> heldReplicas = assignment.stream().flatMap(List::stream)
                    .collect(Collectors.groupingBy(Function.identity(), Collectors.counting()));
            assertThat(ledPartitions).containsOnlyKeys(brokers).allSatisfy((broker, count) -> assertThat(count).isEqualTo(4));
            assertThat(heldReplicas).containsOnlyKeys(brokers).allSatisfy((broker, count) -> assertThat(count).isEqualTo(12));
            assertThat(assignment).allSatisfy(replicas -> assertThat(replicas).hasSize(3).doesNotHaveDuplicates());
        }
    }

    @Test
    void aReplicationFactorEqualToTheBrokerCountPutsEveryBrokerInEveryPartition() {
        List<List<Integer>> assignment = ReplicaPlacement.assign(List.of(1, 2, 3), 3, 3, 0);

        assertThat(assignment).allSatisfy(replicas -> assertThat(replicas).containsExactlyInAnyOrder(1, 2, 3));
        assertThat(assignment).extracting(replicas -> replicas.get(0)).containsExactly(1, 2, 3);
    }

    @Test
    void zeroPartitionsGiveAnEmptyAssignment() {
        assertThat(ReplicaPlacement.assign(List.of(1, 2), 0, 1, 0)).isEmpty();
    }
}
