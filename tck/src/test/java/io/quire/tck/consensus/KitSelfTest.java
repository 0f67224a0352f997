package io.quire.tck.consensus;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.lang.reflect.Method;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.TestExecutionResult.Status;

/**
 * The consensus kit tested on in-JVM consensus whose behaviour is known: the honest one passes
 * every rule, and each deliberately broken one fails the rule it breaks, with that rule's message.
 * A kit that passes a broken consensus is a bug in the kit.
 */
class KitSelfTest {

    @Test
    void honestConsensusPassesEveryRule() {
        Map<String, TestExecutionResult> outcomes = SuiteRunner.runAll(HonestInJvmVerification.class);

        assertThat(outcomes.keySet()).as("the outcomes of the suite, one per rule")
                .containsExactlyInAnyOrderElementsOf(SuiteRunner.tests().stream().map(Method::getName).toList());
        for (ConRule rule : ConRule.values()) {
            TestExecutionResult outcome = outcomes.get(SuiteRunner.testOf(rule).getName());
            if (rule == ConRule.CON08) {
                // The in-JVM consensus binds no ports: con08 checks close, then skips the port check, saying so.
                assertThat(outcome.getStatus()).as("%s against the honest consensus: %s", rule, failureOf(outcome))
                        .isEqualTo(Status.ABORTED);
                assertThat(outcome.getThrowable()).get().asString().contains(rule.id()).contains("binds no ports");
            } else {
                assertThat(outcome.getStatus()).as("%s against the honest consensus: %s", rule, failureOf(outcome))
                        .isEqualTo(Status.SUCCESSFUL);
            }
        }
    }

    @Test
    void oneLeaderRuleFailsAConsensusThatTellsTwoMembersTheyLead() {
        assertFails(TwoLeadersPerEpochVerification.class, ConRule.CON01, "the leaders of epoch");
    }

    @Test
    void orderRuleFailsAConsensusThatRepeatsAStaleEventLast() {
        assertFails(StaleEventLastVerification.class, ConRule.CON02, "the epoch of node");
    }

    @Test
    void orderRuleFailsAConsensusThatDeliversEventsConcurrently() {
        assertFails(ConcurrentEventsVerification.class, ConRule.CON02, "began while another was running");
    }

    @Test
    void proposalRuleFailsAConsensusThatExecutesTwice() {
        assertFails(ExecutesTwiceVerification.class, ConRule.CON03, "executions of");
    }

    @Test
    void noMajorityRuleFailsAConsensusWhoseProposalsHang() {
        assertFails(HangsWithoutAMajorityVerification.class, ConRule.CON04, "neither failed nor completed");
    }

    @Test
    void noMajorityRuleFailsAConsensusThatFailsWithAnExceptionTheEngineCannotRead() {
        assertFails(OpaqueFailureWithoutAMajorityVerification.class, ConRule.CON04,
                "is a NotLeaderException or a TimeoutException");
    }

    @Test
    void minorityRuleFailsAConsensusWhoseMinorityElects() {
        assertFails(MinorityElectsVerification.class, ConRule.CON05, "is told of a leader of an epoch above");
    }

    @Test
    void askRuleFailsAConsensusThatAnswersLocally() {
        assertFails(AnswersLocallyVerification.class, ConRule.CON06, "the answer to");
    }

    @Test
    void membersRuleFailsAConsensusThatLeavesOutTheLocalMember() {
        assertFails(MembersWithoutSelfVerification.class, ConRule.CON07, "members() of node");
    }

    @Test
    void closeRuleFailsAConsensusThatKeepsTellingAClosedMember() {
        assertFails(EventsAfterCloseVerification.class, ConRule.CON08, "no callback reaches a closed member");
    }

    /** The rule failed, with an assertion naming it and saying what it found wrong. */
    private static void assertFails(Class<? extends ConsensusVerification> binding, ConRule rule, String finding) {
        TestExecutionResult outcome = SuiteRunner.runRule(binding, rule);
        assertThat(outcome.getStatus()).as("%s against a consensus that breaks it", rule).isEqualTo(Status.FAILED);
        assertThat(outcome.getThrowable()).get().as("the failure of %s: %s", rule, failureOf(outcome))
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
