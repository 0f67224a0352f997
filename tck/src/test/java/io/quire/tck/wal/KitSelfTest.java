package io.quire.tck.wal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
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
                case WAL10, WAL11 -> assertSkipped(rule, outcome, "PREFIX_DELETION");
                // Mounting a tmpfs needs root; where it is refused, the rule says so and is skipped.
                case WAL19 -> {
                    if (outcome.getStatus() == Status.ABORTED) {
                        assertSkipped(rule, outcome, "mount");
                    } else {
                        assertPassed(rule, outcome);
                    }
                }
                default -> assertPassed(rule, outcome);
            }
        }
    }

    @Test
    void crashRuleFailsAWalThatAcknowledgesBeforeForcing() {
        assertFails(SuiteRunner.runRule(AcksBeforeForceVerification.class, WalRule.WAL03), WalRule.WAL03,
                "must be in the reopened log");
    }

    @Test
    void durabilityRuleFailsAWalThatLosesItsLastRecordOnReopen() {
        assertFails(SuiteRunner.runRule(ForgetsLastRecordVerification.class, WalRule.WAL02), WalRule.WAL02,
                "after reopen #1");
    }

    @Test
    void totalOrderRuleFailsAWalThatStoresConcurrentAppendsInAnotherOrder() {
        assertFails(SuiteRunner.runRule(ThreadStripedVerification.class, WalRule.WAL08), WalRule.WAL08,
                "is the one whose append was acknowledged");
    }

    @Test
    void failedForceRuleFailsAWalThatAcknowledgesAFailedForce() {
        assertFails(SuiteRunner.runRule(IgnoresFailedForceVerification.class, WalRule.WAL20), WalRule.WAL20,
                "never be reported durable");
    }

    private static void assertPassed(WalRule rule, TestExecutionResult outcome) {
        assertThat(outcome.getStatus()).as("%s against the honest WAL: %s", rule, failureOf(outcome))
                .isEqualTo(Status.SUCCESSFUL);
    }

    private static void assertSkipped(WalRule rule, TestExecutionResult outcome, String reason) {
        assertThat(outcome.getStatus()).as("%s against the honest WAL: %s", rule, failureOf(outcome))
                .isEqualTo(Status.ABORTED);
        assertThat(outcome.getThrowable()).get().asString().as("why %s was skipped", rule)
                .contains(rule.id()).contains(reason);
    }

    /** The rule failed, with an assertion naming it and saying what it found wrong. */
    private static void assertFails(TestExecutionResult outcome, WalRule rule, String finding) {
        assertThat(outcome.getStatus()).as("%s against a WAL that breaks it", rule).isEqualTo(Status.FAILED);
        assertThat(outcome.getThrowable()).get().as("the failure of %s", rule)
                .isInstanceOf(AssertionError.class)
                .satisfies(failure -> assertThat(failure.getMessage()).contains(rule.id()).contains(finding));
    }

    private static String failureOf(TestExecutionResult outcome) {
        return outcome.getThrowable().map(failure -> {
            StringWriter trace = new StringWriter();
            failure.printStackTrace(new PrintWriter(trace));
            return trace.toString();
        }).orElse("no failure");
    }
}
