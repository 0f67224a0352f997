package io.quire.spi.plugin;

import java.nio.charset.StandardCharsets;

/**
 * The secret with which a plugin's peers prove that they belong to the cluster: the plugin's own key
 * when it is set, or else the node's {@code cluster.secret} ({@link PluginContext#clusterSecret()}),
 * so that one secret serves every plugin of a cluster. Messages name the key the secret came from,
 * never the secret.
 */
public final class SharedSecret {

    private SharedSecret() {}

    /**
     * The secret's UTF-8 bytes.
     *
     * @param keyPrefix the plugin's key prefix ({@code replication.tcp.}), to name its key in errors
     * @param key the plugin's own secret key
     * @param minBytes the fewest bytes the plugin accepts
     * @throws ConfigException when neither key is set (naming both), or the secret is shorter than
     *     {@code minBytes} (naming the key it came from)
     */
    public static byte[] resolve(PluginContext context, String keyPrefix, ConfigKey<String> key, int minBytes) {
        String ownKey = keyPrefix + key.name();
        String explicit = context.settings().get(key);
        String source;
        String secret;
        if (explicit != null && !explicit.isBlank()) {
            source = ownKey;
            secret = explicit;
        } else {
            source = PluginContext.CLUSTER_SECRET_KEY;
            secret = context.clusterSecret().filter(s -> !s.isBlank()).orElseThrow(() -> new ConfigException(
                    "Config key '" + PluginContext.CLUSTER_SECRET_KEY + "' or '" + ownKey + "' is required: the"
                            + " secret the cluster's nodes share, at least " + minBytes + " bytes (${env:NAME} takes it"
                            + " from the environment variable NAME)"));
        }
        byte[] bytes = secret.getBytes(StandardCharsets.UTF_8);
        if (bytes.length < minBytes) {
            throw new ConfigException("Config key '" + source + "' must be at least " + minBytes + " bytes long");
        }
        return bytes;
    }
}
