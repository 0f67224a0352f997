package io.quire.launcher.config;

import io.quire.spi.plugin.ConfigException;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Config values of the form {@code ${env:NAME}} take the value of the environment variable
 * {@code NAME}, so that secrets need not stand in a file or on a command line that other users can
 * read ({@code ps} shows command lines; a process's environment is private to its owner).
 */
final class EnvironmentReferences {

    private static final Pattern REFERENCE = Pattern.compile("\\$\\{env:([A-Za-z_][A-Za-z0-9_]*)}");

    private EnvironmentReferences() {}

    /**
     * The value with a whole-value reference replaced.
     *
     * @throws ConfigException naming the key when the variable is not set
     */
    static Object expand(String key, Object value, Map<String, String> environment) {
        if (!(value instanceof String text)) {
            return value;
        }
        Matcher reference = REFERENCE.matcher(text.trim());
        if (!reference.matches()) {
            return value;
        }
        String variable = reference.group(1);
        String resolved = environment.get(variable);
        if (resolved == null) {
            throw new ConfigException("Config key '" + key + "' refers to the environment variable " + variable
                    + ", which is not set");
        }
        return resolved;
    }
}
