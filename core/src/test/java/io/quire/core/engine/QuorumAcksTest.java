package io.quire.core.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.quire.core.status.QuorumState;
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

    @Test
    void aFollowerLagsByWhatItHasNotAcknowledgedAndForAsLongAsItHasNotHeldEverything() {
        assertThat(acks.lagRecords(2)).as("not leading").isNaN();
        acks.lead(Set.of(1, 2, 3), 10);
        acks.durable(2, 10);
        assertThat(acks.lagRecords(2)).isZero();
        assertThat(acks.lagMillis(2, Long.MAX_VALUE)).as("it holds every record: no lag, however late").isZero();

        acks.durable(1, 15);
        assertThat(acks.lagRecords(2)).isEqualTo(5);
        assertThat(acks.lagRecords(3)).as("never heard from").isEqualTo(15);
        long now = System.currentTimeMillis() + 60_000;
        assertThat(acks.lagMillis(2, now)).as("since it last held every record").isGreaterThanOrEqualTo(60_000);

        acks.durable(2, 15);
        assertThat(acks.lagMillis(2, now)).isZero();
        acks.stopLeading("deposed");
        assertThat(acks.lagMillis(2, now)).isNaN();
    }

    @Test
    void theQuorumStateNamesEveryVoterWithItsEndAndAHighWatermarkAMajorityHolds() {
        assertThat(acks.state(4, 0)).as("not leading").isEmpty();
        acks.lead(Set.of(1, 2, 3), 20);
        acks.durable(2, 20);
        acks.durable(1, 25);

        QuorumState state = acks.state(4, 1_000).orElseThrow();

        assertThat(state.leaderId()).isEqualTo(1);
        assertThat(state.epoch()).isEqualTo(4);
        assertThat(state.highWatermark()).as("held by nodes 1 and 2").isEqualTo(20);
        assertThat(state.voters()).extracting(QuorumState.Replica::id).containsExactly(1, 2, 3);
        assertThat(state.voters().get(0)).isEqualTo(new QuorumState.Replica(1, 25, 1_000, 1_000));
        assertThat(state.voters().get(1).logEndOffset()).isEqualTo(20);
        assertThat(state.voters().get(1).lastCaughtUpTimestamp()).as("it held everything when it acknowledged 20")
                .isPositive().isLessThan(1_000_000_000_000_000L);
        assertThat(state.voters().get(2)).as("never heard from").isEqualTo(new QuorumState.Replica(3, -1, -1, -1));

        acks.durable(3, 25);
        assertThat(acks.state(4, 2_000).orElseThrow().voters().get(2).lastCaughtUpTimestamp())
                .as("holding every record the leader has is being caught up now").isEqualTo(2_000);
    }

    @Test
    void aFollowerThatKeepsUpWithAStreamOfWritesIsCaughtUpThoughNeverAtTheLeadersEnd() {
        acks.lead(Set.of(1, 2), 0);
        long start = System.currentTimeMillis();
        for (long end = 1; end <= 50; end++) {
            acks.durable(1, end + 1);
            acks.durable(2, end);
        }
        QuorumState state = acks.state(1, Long.MAX_VALUE).orElseThrow();
        assertThat(state.voters().get(1).logEndOffset()).as("always one record behind").isEqualTo(50);
        assertThat(state.voters().get(1).lastCaughtUpTimestamp())
                .as("it reached the end the leader had at its previous acknowledgement")
                .isGreaterThanOrEqualTo(start);
    }
}
