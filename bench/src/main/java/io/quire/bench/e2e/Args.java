package io.quire.bench.e2e;

import java.util.HashMap;
import java.util.Map;

/** A command line of {@code --name value} pairs; a later occurrence of an option overrides an earlier one. */
final class Args {

    private final Map<String, String> values;

    private Args(Map<String, String> values) {
        this.values = values;
    }

    /** @throws IllegalArgumentException when an option lacks its value */
    static Args parse(String[] args) {
        Map<String, String> values = new HashMap<>();
        for (int i = 0; i < args.length; i += 2) {
            if (i + 1 == args.length) {
                throw new IllegalArgumentException("option " + args[i] + " needs a value");
            }
            values.put(args[i], args[i + 1]);
        }
        return new Args(values);
    }

    /** @throws IllegalArgumentException when the option is absent */
    String required(String name) {
        String value = values.get(name);
        if (value == null) {
            throw new IllegalArgumentException(name + " is required");
        }
        return value;
    }

    String text(String name, String otherwise) {
        return values.getOrDefault(name, otherwise);
    }

    int integer(String name, int otherwise) {
        String value = values.get(name);
        return value == null ? otherwise : integer(name, value);
    }

    /** @throws IllegalArgumentException naming the option when {@code value} is not an integer */
    static int integer(String name, String value) {
        try {
            return Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " expects an integer, got '" + value + "'", e);
        }
    }
}
