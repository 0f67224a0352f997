package io.quire.tck.selftest;

import static org.assertj.core.api.Assertions.assertThat;

import io.quire.tck.support.NumberedRule;
import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.TestExecutionResult.Status;

/** What the kits' self-tests expect of one rule's outcome, against an honest or a broken plugin. */
public final class RuleOutcomes {

    private RuleOutcomes() {}

    /** The rule passed against the honest {@code plugin} (a word such as "WAL"). */
    public static void assertPassed(NumberedRule rule, String plugin, TestExecutionResult outcome) {
        assertThat(outcome.getStatus()).as("%s against the honest %s: %s", rule, plugin, failureOf(outcome))
                .isEqualTo(Status.SUCCESSFUL);
    }

    /** The rule was skipped against the honest {@code plugin}, saying {@code reason}. */
    public static void assertSkipped(NumberedRule rule, String plugin, TestExecutionResult outcome, String reason) {
        assertThat(outcome.getStatus()).as("%s against the honest %s: %s", rule, plugin, failureOf(outcome))
                .isEqualTo(Status.ABORTED);
        assertThat(outcome.getThrowable()).get().asString().as("why %s was skipped", rule)
                .contains(rule.id()).contains(reason);
    }

    /** The rule failed against a {@code plugin} that breaks it, with an assertion naming it and its finding. */
    public static void assertFails(NumberedRule rule, String plugin, TestExecutionResult outcome, String finding) {
        assertThat(outcome.getStatus()).as("%s against a %s that breaks it", rule, plugin).isEqualTo(Status.FAILED);
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
