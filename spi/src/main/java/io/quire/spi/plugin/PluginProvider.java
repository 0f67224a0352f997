package io.quire.spi.plugin;

import java.io.IOException;
import java.util.List;

/**
 * A discoverable factory for one plugin of kind {@code T}.
 *
 * <p>Lifecycle:
 * <ol>
 *   <li>The launcher instantiates every provider it finds through {@link java.util.ServiceLoader};
 *       a provider's constructor must be cheap and free of side effects, because providers that
 *       are not selected are instantiated too (to list their names and validate their keys).
 *   <li>The launcher calls {@link #create} once, on the provider whose {@link #name()} the config
 *       selects, after checking every configured key against {@link #configKeys()}.
 *   <li>The created instance is owned by the node, which closes it at shutdown.
 * </ol>
 *
 * @param <T> the plugin kind this provider creates
 */
public interface PluginProvider<T> {

    /**
     * The short name that selects this plugin in the config ({@code plugins.wal: file}). Lower
     * case letters, digits and '-'; unique among the providers of one kind.
     */
    String name();

    /** One line for humans: what this plugin is, shown when a name is unknown. */
    String description();

    /**
     * The keys this plugin reads, relative to its prefix {@code <kind>.<name>.}: the key
     * {@code segment-bytes} of the {@code file} WAL is set as {@code wal.file.segment-bytes}.
     * A configured key under the prefix that is not listed here fails the node's start.
     */
    default List<ConfigKey<?>> configKeys() {
        return List.of();
    }

    /**
     * Creates the plugin. Called once, on the launcher's thread, before the node starts serving.
     *
     * @throws IOException when the plugin cannot open its resources (files, ports)
     * @throws ConfigException when a setting is invalid in a way {@link ConfigKey} could not check
     */
    T create(PluginContext context) throws IOException;
}
