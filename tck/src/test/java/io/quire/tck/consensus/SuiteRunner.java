package io.quire.tck.consensus;

import java.lang.reflect.Method;
import java.util.List;
import java.util.Map;
import org.junit.platform.engine.TestExecutionResult;

/** The shared {@link io.quire.tck.selftest.SuiteRunner} bound to {@link ConsensusVerification} and its rules. */
final class SuiteRunner {

    private static final io.quire.tck.selftest.SuiteRunner RUNNER =
            new io.quire.tck.selftest.SuiteRunner(ConsensusVerification.class);

    private SuiteRunner() {}

    static Map<String, TestExecutionResult> runAll(Class<? extends ConsensusVerification> verification) {
        return RUNNER.runAll(verification);
    }

    static TestExecutionResult runRule(Class<? extends ConsensusVerification> verification, ConRule rule) {
        return RUNNER.runRule(verification, rule.id());
    }

    static List<Method> tests() {
        return RUNNER.tests();
    }

    static Method testOf(ConRule rule) {
        return RUNNER.testOf(rule.id());
    }
}
