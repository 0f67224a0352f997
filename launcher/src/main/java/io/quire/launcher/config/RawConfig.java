package io.quire.launcher.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.quire.spi.plugin.ConfigException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Config as flat dotted keys: a YAML file, where nested mappings are flattened
 * ({@code kafka: {port: 9092}} is {@code kafka.port}), overlaid by {@code --set key=value}.
 */
public final class RawConfig {

    private final Map<String, Object> values;

    private RawConfig(Map<String, Object> values) {
        this.values = values;
    }

    public static RawConfig empty() {
        return new RawConfig(new TreeMap<>());
    }

    /**
     * Reads a YAML config file.
     *
     * @throws ConfigException when the file is missing, unreadable, not YAML, or not a mapping of scalars
     */
    public static RawConfig fromYaml(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new ConfigException("Config file " + file + " does not exist or is not a file");
        }
        Object root;
        try {
            // readTree, unlike readValue, accepts a file without content (empty, or comments only).
            ObjectMapper yaml = new ObjectMapper(new YAMLFactory());
            root = yaml.convertValue(yaml.readTree(file.toFile()), Object.class);
        } catch (JsonProcessingException e) {
            throw new ConfigException("Config file " + file + " is not valid YAML: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new ConfigException("Config file " + file + " cannot be read: " + e.getMessage(), e);
        }
        Map<String, Object> flat = new TreeMap<>();
        if (root != null) {
            if (!(root instanceof Map<?, ?> map)) {
                throw new ConfigException("Config file " + file + " must hold a mapping of keys to values");
            }
            flatten("", map, flat);
        }
        return new RawConfig(flat);
    }

    private static void flatten(String prefix, Map<?, ?> map, Map<String, Object> flat) {
        for (Map.Entry<?, ?> entry : map.entrySet()) {
            String key = prefix + entry.getKey();
            Object value = entry.getValue();
            if (value instanceof Map<?, ?> nested) {
                flatten(key + ".", nested, flat);
            } else if (value instanceof List<?>) {
                throw new ConfigException("Config key '" + key + "' must be a single value, not a list");
            } else if (value == null) {
                throw new ConfigException("Config key '" + key + "' has no value");
            } else if (flat.put(key, value) != null) {
                throw new ConfigException("Config key '" + key + "' is set twice");
            }
        }
    }

    /**
     * This config with {@code key=value} overrides applied.
     *
     * @throws ConfigException for an override without '=' or with an empty key
     */
    public RawConfig withOverrides(List<String> overrides) {
        Map<String, Object> merged = new TreeMap<>(values);
        for (String override : overrides) {
            int equals = override.indexOf('=');
            if (equals <= 0) {
                throw new ConfigException("--set expects key=value, got '" + override + "'");
            }
            merged.put(override.substring(0, equals).trim(), override.substring(equals + 1).trim());
        }
        return new RawConfig(merged);
    }

    public Map<String, Object> values() {
        return Collections.unmodifiableMap(values);
    }
}
