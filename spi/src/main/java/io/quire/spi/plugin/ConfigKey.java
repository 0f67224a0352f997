package io.quire.spi.plugin;

import java.util.Locale;
import java.util.Objects;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * A typed configuration key with its default and documentation, in the manner of Ratis'
 * {@code RaftConfigKeys}: the key, its type, default and meaning are declared in one place.
 *
 * <p>Values arrive either typed (from YAML) or as strings (from {@code --set key=value}); both are
 * accepted when they convert exactly.
 *
 * @param <V> the value type
 */
public final class ConfigKey<V> {

    private final String name;
    private final String typeName;
    private final V defaultValue;
    private final String description;
    private final Function<Object, V> parser;
    private final Predicate<V> constraint;
    private final String constraintText;

    private ConfigKey(String name, String typeName, V defaultValue, String description,
            Function<Object, V> parser, Predicate<V> constraint, String constraintText) {
        this.name = Objects.requireNonNull(name, "name");
        this.typeName = typeName;
        this.defaultValue = defaultValue;
        this.description = Objects.requireNonNull(description, "description");
        this.parser = parser;
        this.constraint = constraint;
        this.constraintText = constraintText;
    }

    /** A key whose value is a string. A {@code null} default makes the key optional. */
    public static ConfigKey<String> ofString(String name, String defaultValue, String description) {
        return new ConfigKey<>(name, "string", defaultValue, description, ConfigKey::toText, v -> true, null);
    }

    public static ConfigKey<Integer> ofInt(String name, Integer defaultValue, String description) {
        return new ConfigKey<>(name, "integer", defaultValue, description,
                raw -> Math.toIntExact(toLong(raw)), v -> true, null);
    }

    public static ConfigKey<Long> ofLong(String name, Long defaultValue, String description) {
        return new ConfigKey<>(name, "integer", defaultValue, description, ConfigKey::toLong, v -> true, null);
    }

    public static ConfigKey<Boolean> ofBoolean(String name, Boolean defaultValue, String description) {
        return new ConfigKey<>(name, "boolean", defaultValue, description, ConfigKey::toBoolean, v -> true, null);
    }

    /** This key, accepting only values that satisfy {@code constraint} (described for errors). */
    public ConfigKey<V> requiring(Predicate<V> constraint, String constraintText) {
        return new ConfigKey<>(name, typeName, defaultValue, description, parser,
                this.constraint.and(constraint),
                this.constraintText == null ? constraintText : this.constraintText + " and " + constraintText);
    }

    /** This key, accepting only integers of at least {@code min}. */
    public ConfigKey<V> atLeast(long min) {
        return requiring(v -> ((Number) v).longValue() >= min, "at least " + min);
    }

    public String name() {
        return name;
    }

    /** The type shown in documentation and errors: string, integer or boolean. */
    public String typeName() {
        return typeName;
    }

    /** The default, or {@code null} when the key has none. */
    public V defaultValue() {
        return defaultValue;
    }

    public String description() {
        return description;
    }

    /**
     * Converts a configured value.
     *
     * @param fullName the key as the user wrote it, for the error message
     * @throws ConfigException when the value has the wrong type or breaks the key's constraint
     */
    public V parse(String fullName, Object raw) {
        V value;
        try {
            value = parser.apply(raw);
        } catch (RuntimeException e) {
            throw new ConfigException("Config key '" + fullName + "' expects a " + typeName + ", got '" + raw + "'", e);
        }
        if (!constraint.test(value)) {
            throw new ConfigException("Config key '" + fullName + "' must be " + constraintText + ", got '" + raw + "'");
        }
        return value;
    }

    private static String toText(Object raw) {
        if (raw instanceof String s) {
            return s;
        }
        if (raw instanceof Number || raw instanceof Boolean) {
            return raw.toString();
        }
        throw new IllegalArgumentException("not a scalar");
    }

    private static long toLong(Object raw) {
        if (raw instanceof Integer || raw instanceof Long || raw instanceof Short || raw instanceof Byte) {
            return ((Number) raw).longValue();
        }
        if (raw instanceof String s) {
            return Long.parseLong(s.trim());
        }
        throw new IllegalArgumentException("not an integer");
    }

    private static boolean toBoolean(Object raw) {
        if (raw instanceof Boolean b) {
            return b;
        }
        if (raw instanceof String s) {
            return switch (s.trim().toLowerCase(Locale.ROOT)) {
                case "true" -> true;
                case "false" -> false;
                default -> throw new IllegalArgumentException("not a boolean");
            };
        }
        throw new IllegalArgumentException("not a boolean");
    }

    @Override
    public String toString() {
        return name;
    }
}
