package io.quire.core.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.quire.core.status.Progress;
import org.junit.jupiter.api.Test;

/** The long work a node's status shows while it runs. */
class LongWorkTest {

    private final LongWork work = new LongWork();

    @Test
    void aJobShowsItsProgressWhileItRunsAndIsGoneOnceClosed() {
        LongWork.Job replay = work.start("replaying the metadata WAL", "records", 1_000, true);
        replay.advanceTo(250);

        assertThat(work.progress()).singleElement().satisfies(progress -> {
            assertThat(progress.task()).isEqualTo("replaying the metadata WAL");
            assertThat(progress.unit()).isEqualTo("records");
            assertThat(progress.done()).isEqualTo(250);
            assertThat(progress.total()).isEqualTo(1_000);
            assertThat(progress.perSecond()).isPositive();
            assertThat(progress.secondsLeft()).isGreaterThanOrEqualTo(0);
        });

        replay.close();
        assertThat(work.progress()).isEmpty();
    }

    @Test
    void aJobOfUnknownSizeHasNoTimeLeftAndATotalThatGrowsIsFollowed() {
        LongWork.Job install = work.start("installing a snapshot", "bytes", -1, true);
        install.advanceTo(4_096);
        assertThat(work.progress()).extracting(Progress::secondsLeft).containsExactly(-1L);

        LongWork.Job catchUp = work.start("catching up", "records", 600, false);
        catchUp.advanceTo(100, 900);
        assertThat(work.progress()).filteredOn(p -> p.task().equals("catching up"))
                .extracting(Progress::total).containsExactly(900L);
        assertThat(work.blockingReadiness()).as("a catch-up does not keep the node from being ready")
                .extracting(Progress::task).containsExactly("installing a snapshot");
        install.close();
        catchUp.close();
        catchUp.close();
        assertThat(work.progress()).isEmpty();
    }
}
