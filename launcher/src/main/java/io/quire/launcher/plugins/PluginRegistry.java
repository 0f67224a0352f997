package io.quire.launcher.plugins;

import io.quire.spi.plugin.ConfigException;
import io.quire.spi.plugin.PluginProvider;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * Every plugin provider found with {@link ServiceLoader}, on the module path and the class path,
 * indexed by kind and name.
 */
public final class PluginRegistry {

    private final Map<PluginKind, Map<String, PluginProvider<?>>> byKind;

    private PluginRegistry(Map<PluginKind, Map<String, PluginProvider<?>>> byKind) {
        this.byKind = byKind;
    }

    /**
     * Finds every provider visible to {@code loader}.
     *
     * @throws ConfigException when two providers of one kind share a name
     */
    public static PluginRegistry discover(ClassLoader loader) {
        List<PluginProvider<?>> providers = new ArrayList<>();
        for (PluginKind kind : PluginKind.values()) {
            ServiceLoader.load(kind.serviceType(), loader).forEach(providers::add);
        }
        return of(providers);
    }

    /**
     * A registry of the given providers, each filed under the kinds whose service type it implements.
     *
     * @throws ConfigException when two providers of one kind share a name
     */
    public static PluginRegistry of(Collection<? extends PluginProvider<?>> providers) {
        Map<PluginKind, Map<String, PluginProvider<?>>> byKind = new EnumMap<>(PluginKind.class);
        for (PluginKind kind : PluginKind.values()) {
            List<PluginProvider<?>> ofKind = providers.stream()
                    .filter(kind.serviceType()::isInstance)
                    .collect(Collectors.toList());
            byKind.put(kind, index(kind, ofKind));
        }
        return new PluginRegistry(byKind);
    }

    private static Map<String, PluginProvider<?>> index(PluginKind kind, List<PluginProvider<?>> providers) {
        Map<String, PluginProvider<?>> byName = new TreeMap<>();
        for (PluginProvider<?> provider : providers) {
            PluginProvider<?> previous = byName.putIfAbsent(provider.name(), provider);
            if (previous != null) {
                throw new ConfigException("Two " + kind.prefix() + " plugins are named '" + provider.name() + "': "
                        + origin(previous) + " and " + origin(provider) + ". Remove one of them.");
            }
            if (provider.name().equals(PluginKind.NONE)) {
                throw new ConfigException("The " + kind.prefix() + " plugin " + origin(provider)
                        + " uses the reserved name '" + PluginKind.NONE + "'.");
            }
        }
        return byName;
    }

    /** The provider of {@code kind} named {@code name}, if one was found. */
    public Optional<PluginProvider<?>> find(PluginKind kind, String name) {
        return Optional.ofNullable(byKind.get(kind).get(name));
    }

    /**
     * The provider of {@code kind} named {@code name}.
     *
     * @throws ConfigException naming the selector key and the available names when there is none
     */
    public PluginProvider<?> require(PluginKind kind, String name) {
        return find(kind, name).orElseThrow(() -> new ConfigException("Unknown " + kind.prefix() + " plugin '" + name
                + "' (" + kind.selectorKey() + "). Available: " + describeAvailable(kind)));
    }

    public Collection<PluginProvider<?>> providers(PluginKind kind) {
        return byKind.get(kind).values();
    }

    /** The names of the providers of {@code kind}, with what they are, for error messages. */
    public String describeAvailable(PluginKind kind) {
        List<String> names = new ArrayList<>();
        if (kind.optional()) {
            names.add(PluginKind.NONE + " (no " + kind.prefix() + ")");
        }
        providers(kind).forEach(p -> names.add(p.name() + " (" + p.description() + ")"));
        return names.isEmpty() ? "none installed" : names.stream().collect(Collectors.joining(", "));
    }

    /** Where a provider was loaded from: its module, or the class path jar. */
    public static String origin(PluginProvider<?> provider) {
        Class<?> type = provider.getClass();
        Module module = type.getModule();
        if (module.isNamed()) {
            return type.getName() + " [module " + module.getName() + "]";
        }
        var source = type.getProtectionDomain().getCodeSource();
        return type.getName() + " [class path" + (source == null ? "" : ": " + source.getLocation()) + "]";
    }
}
