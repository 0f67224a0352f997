package io.quire.tck.wal;

import static org.assertj.core.api.Assertions.assertThat;

import io.quire.tck.selftest.RuleOutcomes;
import java.lang.reflect.Method;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.TestExecutionResult.Status;

/**
 * The kit tested on WALs whose behaviour is known, as the Reactive Streams TCK tests itself: the
 * honest {@link SimpleFileWal} passes every rule its capabilities allow, and each deliberately
 * broken WAL fails the rule it breaks, with that rule's message. A kit that passes a broken plugin
 * is a bug in the kit.
 */
class KitSelfTest {

    @Test
    void honestWalPassesEveryRuleAndSkipsTheRulesOfCapabilitiesItLacks() {
        Map<String, TestExecutionResult> outcomes = SuiteRunner.runAll(SimpleFileWalVerification.class);

        assertThat(outcomes.keySet()).as("the outcomes of the suite, one per rule")
                .containsExactlyInAnyOrderElementsOf(SuiteRunner.tests().stream().map(Method::getName).toList());
        for (WalRule rule : WalRule.values()) {
            TestExecutionResult outcome = outcomes.get(SuiteRunner.testOf(rule).getName());
            switch (rule) {
                case WAL10, WAL11 -> RuleOutcomes.assertSkipped(rule, "WAL", outcome, "PREFIX_DELETION");
                // Mounting a tmpfs needs root; where it is refused, the rule says so and is skipped.
                case WAL19 -> {
                    if (outcome.getStatus() == Status.ABORTED) {
                        RuleOutcomes.assertSkipped(rule, "WAL", outcome, "mount");
                    } else {
                        RuleOutcomes.assertPassed(rule, "WAL", outcome);
                    }
                }
                default -> RuleOutcomes.assertPassed(rule, "WAL", outcome);
            }
        }
    }

    @Test
    void crashRuleFailsAWalThatAcknowledgesBeforeForcing() {
        assertFails(AcksBeforeForceVerification.class, WalRule.WAL03, "must be in the reopened log");
    }

    @Test
    void durabilityRuleFailsAWalThatLosesItsLastRecordOnReopen() {
        assertFails(ForgetsLastRecordVerification.class, WalRule.WAL02, "after reopen #1");
    }

    @Test
    void totalOrderRuleFailsAWalThatStoresConcurrentAppendsInAnotherOrder() {
        assertFails(ThreadStripedVerification.class, WalRule.WAL08, "is the one whose append was acknowledged");
    }

    @Test
    void failedForceRuleFailsAWalThatAcknowledgesAFailedForce() {
        assertFails(IgnoresFailedForceVerification.class, WalRule.WAL20, "never be reported durable");
    }

    private static void assertFails(Class<? extends MetadataWalVerification> binding, WalRule rule, String finding) {
        RuleOutcomes.assertFails(rule, "WAL", SuiteRunner.runRule(binding, rule), finding);
    }
}
