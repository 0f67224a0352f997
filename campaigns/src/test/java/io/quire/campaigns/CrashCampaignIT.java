package io.quire.campaigns;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * The quick crash campaigns, as {@code campaigns/run.sh --quick crash} runs them, against the
 * nodes this build packaged: quorum acks over tcp and leader acks over hazelcast, three SIGKILLs each.
 */
class CrashCampaignIT {

    @Test
    void theQuickCrashCampaignsLoseNothingAcknowledgedUnderQuorumAcks() throws Exception {
        Path home = Path.of("..").toAbsolutePath().normalize();
        assertThat(Campaigns.run("--quick", "--home", home.toString(), "--work",
                Path.of("target", "it-runs").toAbsolutePath().toString(), "crash"))
                .as("every check of the quick crash campaigns (their figures and failures are printed above)")
                .isTrue();
    }
}
