package io.quire.campaigns;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * The quick campaigns (crash, pause, hostile input, many clients, soak), as {@code campaigns/run.sh --quick} runs them,
 * against the nodes this build packaged.
 */
class QuickCampaignsIT {

    @Test
    void theQuickCampaignsPass() throws Exception {
        Path home = Path.of("..").toAbsolutePath().normalize();
        assertThat(Campaigns.run("--quick", "--home", home.toString(), "--work",
                Path.of("target", "it-runs").toAbsolutePath().toString(), "crash", "pause", "hostile", "load", "soak"))
                .as("every check of the quick campaigns (their figures and failures are printed above)")
                .isTrue();
    }
}
