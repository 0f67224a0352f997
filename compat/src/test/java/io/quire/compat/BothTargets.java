package io.quire.compat;

import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Gives tests the {@link Targets}, started on first use and stopped when the whole run ends
 * (JUnit closes what the root store holds), so every test class shares one Kafka broker.
 */
final class BothTargets implements ParameterResolver {

    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(BothTargets.class);

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == Targets.class;
    }

    @Override
    public Targets resolveParameter(ParameterContext parameter, ExtensionContext context) {
        return context.getRoot().getStore(NAMESPACE).getOrComputeIfAbsent(Targets.class, key -> Targets.start(), Targets.class);
    }
}
