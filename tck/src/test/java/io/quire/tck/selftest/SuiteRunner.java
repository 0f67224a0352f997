package io.quire.tck.selftest;

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
 * Runs a conformance suite, or one rule of it, bound to a given plugin, through the JUnit Platform
 * launcher, as a build would, and reports each rule's outcome: passed, skipped (aborted by an
 * assumption) or failed, with the failure. The kit's self-tests use it to prove that a broken
 * plugin fails the rule it breaks.
 */
public final class SuiteRunner {

    private final Class<?> suite;

    /** A runner of the rules declared by {@code suite}, the kit's abstract verification class. */
    public SuiteRunner(Class<?> suite) {
        this.suite = suite;
    }

    /** The outcome of every rule of {@code binding} (a subclass of the suite), by test method name. */
    public Map<String, TestExecutionResult> runAll(Class<?> binding) {
        return run(selectClass(binding));
    }

    /** The outcome of the rule {@code ruleId} (such as {@code wal07}) of {@code binding}. */
    public TestExecutionResult runRule(Class<?> binding, String ruleId) {
        Map<String, TestExecutionResult> outcomes = run(selectMethod(binding, testOf(ruleId)));
        if (outcomes.size() != 1) {
            throw new AssertionError("expected one outcome for " + ruleId + ", got " + outcomes);
        }
        return outcomes.values().iterator().next();
    }

    /** The suite's test methods, one per rule. */
    public List<Method> tests() {
        return Arrays.stream(suite.getDeclaredMethods())
                .filter(method -> method.isAnnotationPresent(Test.class))
                .toList();
    }

    /** The test method checking {@code ruleId}, found by the {@code _wal07_} in its name. */
    public Method testOf(String ruleId) {
        List<Method> tests = tests().stream().filter(method -> method.getName().contains("_" + ruleId + "_"))
                .toList();
        if (tests.size() != 1) {
            throw new AssertionError("expected one test of " + ruleId + ", found " + tests);
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
