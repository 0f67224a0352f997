package io.quire.tck.replication;

import static org.assertj.core.api.Assertions.assertThat;

import io.quire.tck.selftest.RuleOutcomes;
import java.lang.reflect.Method;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.platform.engine.TestExecutionResult;

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
                RuleOutcomes.assertSkipped(rule, "transport", outcome, "binds no ports");
            } else {
                RuleOutcomes.assertPassed(rule, "transport", outcome);
            }
        }
    }

    @Test
    void deliveryRuleFailsATransportThatDeliversEachRecordTwice() {
        assertFails(DeliversTwiceVerification.class, RepRule.REP01, "accept calls on follower");
    }

    @Test
    void noDuplicatesRuleFailsATransportWhoseWakeupsShipConcurrently() {
        assertFails(ShipperPerWakeupVerification.class, RepRule.REP02, "follower");
    }

    @Test
    void resumeRuleFailsATransportThatIgnoresTheStatedPosition() {
        assertFails(ResumesFromZeroVerification.class, RepRule.REP03, "offsets handed to the restarted follower twice");
    }

    @Test
    void snapshotRuleFailsATransportThatNeverSendsOne() {
        assertFails(NoSnapshotVerification.class, RepRule.REP04, "follower 2 holds the leader's records");
    }

    @Test
    void isolationRuleFailsATransportThatShipsToEveryFollowerUnderOneLock() {
        assertFails(OneShipperForAllVerification.class, RepRule.REP05, "follower 2 holds the leader's records");
    }

    @Test
    void authenticationRuleFailsATransportThatIgnoresTheSecret() {
        assertFails(IgnoresSecretVerification.class, RepRule.REP06, "records handed to the node with another secret");
    }

    private static void assertFails(Class<? extends ReplicationTransportVerification> binding, RepRule rule,
            String finding) {
        RuleOutcomes.assertFails(rule, "transport", SuiteRunner.runRule(binding, rule), finding);
    }
}
