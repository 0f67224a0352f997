package io.quire.tck.replication;

import java.lang.reflect.Method;
import java.util.List;
import java.util.Map;
import org.junit.platform.engine.TestExecutionResult;

/** The shared {@link io.quire.tck.selftest.SuiteRunner} bound to {@link ReplicationTransportVerification} and its rules. */
final class SuiteRunner {

    private static final io.quire.tck.selftest.SuiteRunner RUNNER =
            new io.quire.tck.selftest.SuiteRunner(ReplicationTransportVerification.class);

    private SuiteRunner() {}

    static Map<String, TestExecutionResult> runAll(Class<? extends ReplicationTransportVerification> verification) {
        return RUNNER.runAll(verification);
    }

    static TestExecutionResult runRule(Class<? extends ReplicationTransportVerification> verification, RepRule rule) {
        return RUNNER.runRule(verification, rule.id());
    }

    static List<Method> tests() {
        return RUNNER.tests();
    }

    static Method testOf(RepRule rule) {
        return RUNNER.testOf(rule.id());
    }
}
