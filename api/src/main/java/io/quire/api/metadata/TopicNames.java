package io.quire.api.metadata;

import java.util.Optional;
import java.util.regex.Pattern;

/** Kafka's rules for topic names, exactly as Apache Kafka applies them. */
public final class TopicNames {

    /** The longest legal topic name. */
    public static final int MAX_LENGTH = 249;

    private static final Pattern LEGAL = Pattern.compile("[a-zA-Z0-9._-]+");

    private TopicNames() {}

    /** Why {@code name} is not a legal topic name, or empty when it is. */
    public static Optional<String> invalidReason(String name) {
        if (name == null || name.isEmpty()) {
            return Optional.of("Topic name is illegal, it can't be empty");
        }
        if (name.equals(".") || name.equals("..")) {
            return Optional.of("Topic name cannot be \".\" or \"..\"");
        }
        if (name.length() > MAX_LENGTH) {
            return Optional.of("Topic name is illegal, it can't be longer than " + MAX_LENGTH
                    + " characters, topic name: " + name);
        }
        if (!LEGAL.matcher(name).matches()) {
            return Optional.of("Topic name \"" + name + "\" is illegal, it contains a character other"
                    + " than ASCII alphanumerics, '.', '_' and '-'");
        }
        return Optional.empty();
    }

    /** The form under which two names collide: '.' replaced by '_'. */
    public static String collisionKey(String name) {
        return name.replace('.', '_');
    }
}
