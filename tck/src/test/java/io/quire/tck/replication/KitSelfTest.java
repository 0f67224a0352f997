package io.quire.tck.replication;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.lang.reflect.Method;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.TestExecutionResult.Status;

/**
 * The replication kit tested on transports whose behaviour is known: the honest in-JVM transport
 * passes every rule, and each deliberately broken one fails the rule it breaks, with that rule's
 * message. A kit that passes a broken transport is a bug in the kit.
 */
class KitSelfTest {

    @Test
    void honestTransportPassesEveryRule() {
        Map<String, TestExecutionResult> outcomes = SuiteRunner.runAll(HonestInJvmVerification.class);

        assertThat(outcomes.keySet()).as("the outcomes of the suite, one per rule")
                .containsExactlyInAnyOrderElementsOf(SuiteRunner.tests().stream().map(Method::getName).toList());
        for (RepRule rule : RepRule.values()) {
            TestExecutionResult outcome = outcomes.get(SuiteRunner.testOf(rule).getName());
            if (rule == RepRule.REP07) {
                // The in-JVM transport binds no ports: rep07 closes it, then skips the port check, saying so.
                assertThat(outcome.getStatus()).as("%s against the honest transport: %s", rule, failureOf(outcome))
                        .isEqualTo(Status.ABORTED);
                assertThat(outcome.getThrowable()).get().asString().contains(rule.id()).contains("binds no ports");
            } else {
                assertThat(outcome.getStatus()).as("%s against the honest transport: %s", rule, failureOf(outcome))
                        .isEqualTo(Status.SUCCESSFUL);
            }
        }
    }

    @Test
    void deliveryRuleFailsATransportThatDeliversEachRecordTwice() {
        assertFails(SuiteRunner.runRule(DeliversTwiceVerification.class, RepRule.REP01), RepRule.REP01,
                "accept calls on follower");
    }

    @Test
    void noDuplicatesRuleFailsATransportWhoseWakeupsShipConcurrently() {
        assertFails(SuiteRunner.runRule(ShipperPerWakeupVerification.class, RepRule.REP02), RepRule.REP02,
                "follower");
    }

    @Test
    void resumeRuleFailsATransportThatIgnoresTheStatedPosition() {
        assertFails(SuiteRunner.runRule(ResumesFromZeroVerification.class, RepRule.REP03), RepRule.REP03,
                "offsets handed to the restarted follower twice");
    }

    @Test
    void snapshotRuleFailsATransportThatNeverSendsOne() {
        assertFails(SuiteRunner.runRule(NoSnapshotVerification.class, RepRule.REP04), RepRule.REP04,
                "follower 2 holds the leader's records");
    }

    @Test
    void isolationRuleFailsATransportThatShipsToEveryFollowerUnderOneLock() {
        assertFails(SuiteRunner.runRule(OneShipperForAllVerification.class, RepRule.REP05), RepRule.REP05,
                "follower 2 holds the leader's records");
    }

    @Test
    void authenticationRuleFailsATransportThatIgnoresTheSecret() {
        assertFails(SuiteRunner.runRule(IgnoresSecretVerification.class, RepRule.REP06), RepRule.REP06,
                "records handed to the node with another secret");
    }

    /** The rule failed, with an assertion naming it and saying what it found wrong. */
    private static void assertFails(TestExecutionResult outcome, RepRule rule, String finding) {
        assertThat(outcome.getStatus()).as("%s against a transport that breaks it", rule).isEqualTo(Status.FAILED);
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
