package io.quire.tck.wal;

import java.lang.reflect.Method;
import java.util.List;
import java.util.Map;
import org.junit.platform.engine.TestExecutionResult;

/** The shared {@link io.quire.tck.selftest.SuiteRunner} bound to {@link MetadataWalVerification} and its rules. */
final class SuiteRunner {

    private static final io.quire.tck.selftest.SuiteRunner RUNNER =
            new io.quire.tck.selftest.SuiteRunner(MetadataWalVerification.class);

    private SuiteRunner() {}

    static Map<String, TestExecutionResult> runAll(Class<? extends MetadataWalVerification> verification) {
        return RUNNER.runAll(verification);
    }

    static TestExecutionResult runRule(Class<? extends MetadataWalVerification> verification, WalRule rule) {
        return RUNNER.runRule(verification, rule.id());
    }

    static List<Method> tests() {
        return RUNNER.tests();
    }

    static Method testOf(WalRule rule) {
        return RUNNER.testOf(rule.id());
    }
}
