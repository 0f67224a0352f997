package io.quire.core.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.quire.spi.consensus.NotLeaderException;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.Test;

/** metadata.acks=quorum: a write is answered once a majority, the leader included, holds it. */
class QuorumAcksTest {

    private final QuorumAcks acks = new QuorumAcks(1);

    @Test
    void aRecordIsAcknowledgedOnceAMajorityOfTheMembersHoldsIt() {
        acks.lead(Set.of(1, 2, 3), 0);
        CompletableFuture<Void> first = acks.await(1);
        CompletableFuture<Void> second = acks.await(2);

        acks.durable(1, 2);
        assertThat(first).as("the leader alone is no majority of 3").isNotDone();
        acks.durable(3, 1);
        assertThat(first).isCompleted();
        assertThat(second).isNotDone();
        acks.durable(2, 2);
        assertThat(second).isCompleted();
    }

    @Test
    void acknowledgementsOfNonMembersAndOlderOnesCountForNothing() {
        acks.lead(Set.of(1, 2, 3), 0);
        CompletableFuture<Void> record = acks.await(5);
        acks.durable(1, 5);
        acks.durable(9, 5);
        acks.durable(2, 3);
        assertThat(record).isNotDone();
        acks.durable(2, 5);
        acks.durable(2, 4);
        assertThat(record).isCompleted();
        assertThat(acks.await(5)).as("already held by a majority").isCompleted();
    }

    @Test
    void losingTheLeadershipFailsEveryWaiterAndRefusesNewOnes() {
        acks.lead(Set.of(1, 2, 3), 0);
        CompletableFuture<Void> waiting = acks.await(1);

        acks.stopLeading("node 2 leads epoch 7");

        assertThatThrownBy(waiting::get).isInstanceOf(ExecutionException.class)
                .hasCauseInstanceOf(NotLeaderException.class).hasMessageContaining("node 2 leads epoch 7");
        assertThat(acks.await(1)).isCompletedExceptionally();
    }

    @Test
    void aNewLeadershipStartsFromNothingButWhatTheLeaderHolds() {
        acks.lead(Set.of(1, 2, 3), 0);
        acks.durable(2, 10);
        acks.lead(Set.of(1, 2, 3), 4);
        CompletableFuture<Void> record = acks.await(4);
        assertThat(record).as("follower 2's old acknowledgement belongs to the previous leadership").isNotDone();
        acks.durable(3, 4);
        assertThat(record).isCompleted();
    }

    @Test
    void aSingleMemberIsItsOwnMajority() {
        acks.lead(Set.of(1), 3);
        assertThat(acks.await(3)).isCompleted();
    }
}
