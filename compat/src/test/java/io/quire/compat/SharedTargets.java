package io.quire.compat;

import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Gives tests the {@link Targets} and the {@link QuireCluster}, each started on first use and
 * stopped when the whole run ends (JUnit closes what the root store holds), so every test class
 * shares one Kafka broker, one Quire node and one Quire cluster, and a run that needs no cluster
 * starts none.
 */
final class SharedTargets implements ParameterResolver {

    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(SharedTargets.class);

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        Class<?> type = parameter.getParameter().getType();
        return type == Targets.class || type == QuireCluster.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        ExtensionContext.Store store = context.getRoot().getStore(NAMESPACE);
        if (parameter.getParameter().getType() == Targets.class) {
            return store.getOrComputeIfAbsent(Targets.class, key -> Targets.start(), Targets.class);
        }
        return store.getOrComputeIfAbsent(QuireCluster.class, key -> QuireCluster.start(), QuireCluster.class);
    }
}
