package io.quire.tck.consensus;

import static org.assertj.core.api.Assertions.assertThat;

import io.quire.tck.selftest.RuleOutcomes;
import java.lang.reflect.Method;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.platform.engine.TestExecutionResult;

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
                RuleOutcomes.assertSkipped(rule, "consensus", outcome, "binds no ports");
            } else {
                RuleOutcomes.assertPassed(rule, "consensus", outcome);
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

    private static void assertFails(Class<? extends ConsensusVerification> binding, ConRule rule, String finding) {
        RuleOutcomes.assertFails(rule, "consensus", SuiteRunner.runRule(binding, rule), finding);
    }
}
