package io.quire.tck.replication;

import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectMethod;

import java.lang.reflect.Method;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;
import org.junit.platform.engine.DiscoverySelector;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.support.descriptor.MethodSource;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;

/**
 * Runs the suite, or one rule of it, bound to a given transport, through the JUnit Platform launcher, as
 * a build would, and reports each rule's outcome: passed, skipped (aborted by an assumption) or
 * failed, with the failure.
 */
final class SuiteRunner {

    private SuiteRunner() {}

    /** The outcome of every rule of {@code verification}, by test method name. */
    static Map<String, TestExecutionResult> runAll(Class<? extends ReplicationTransportVerification> verification) {
        return run(selectClass(verification));
    }

    /** The outcome of one rule of {@code verification}. */
    static TestExecutionResult runRule(Class<? extends ReplicationTransportVerification> verification, RepRule rule) {
        Map<String, TestExecutionResult> outcomes = run(selectMethod(verification, testOf(rule)));
        if (outcomes.size() != 1) {
            throw new AssertionError("expected one outcome for " + rule + ", got " + outcomes);
        }
        return outcomes.values().iterator().next();
    }

    /** The suite's test methods, one per rule. */
    static List<Method> tests() {
        return Arrays.stream(ReplicationTransportVerification.class.getDeclaredMethods())
                .filter(method -> method.isAnnotationPresent(Test.class))
                .toList();
    }

    /** The test method checking {@code rule}, found by the {@code _rep01_} in its name. */
    static Method testOf(RepRule rule) {
        List<Method> tests = tests().stream().filter(method -> method.getName().contains("_" + rule.id() + "_"))
                .toList();
        if (tests.size() != 1) {
            throw new AssertionError("expected one test of " + rule + ", found " + tests);
        }
        return tests.get(0);
    }

    private static Map<String, TestExecutionResult> run(DiscoverySelector selector) {
        Map<String, TestExecutionResult> outcomes = new ConcurrentHashMap<>();
        TestExecutionListener listener = new TestExecutionListener() {
            @Override
            public void executionFinished(TestIdentifier test, TestExecutionResult result) {
                if (test.getSource().orElse(null) instanceof MethodSource method) {
                    outcomes.put(method.getMethodName(), result);
                } else if (result.getStatus() != TestExecutionResult.Status.SUCCESSFUL) {
                    // A class-level failure (a lifecycle method, the temp dir) fails no test on its own.
                    outcomes.put(test.getDisplayName(), result);
                }
            }

            @Override
            public void executionSkipped(TestIdentifier test, String reason) {
                outcomes.put(test.getDisplayName(), TestExecutionResult.aborted(new IllegalStateException(reason)));
            }
        };
        LauncherFactory.create().execute(LauncherDiscoveryRequestBuilder.request().selectors(selector).build(),
                listener);
        return outcomes;
    }
}
