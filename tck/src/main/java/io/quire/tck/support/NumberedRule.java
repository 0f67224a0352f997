package io.quire.tck.support;

import java.util.Locale;

/**
 * A numbered rule of a plugin kind's contract, as listed in the kit's {@code RULES.md}: implemented
 * by each suite's enum of rules, whose constant names are the rule numbers ({@code WAL03}). Every
 * assertion message starts with its rule, so that a failure says which promise was broken.
 */
public interface NumberedRule {

    /** The enum constant's name: {@code WAL03}. */
    String name();

    /** What the rule promises, as {@code RULES.md} titles it. */
    String title();

    /** The rule's id as used in test names and {@code RULES.md}: {@code wal03}. */
    default String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The rule as failure messages name it, and as each enum's {@code toString()} returns it. */
    default String label() {
        return id() + " (" + title() + ")";
    }

    /** An assertion description: the rule, then what was checked. */
    default String that(String format, Object... args) {
        return label() + ": " + String.format(Locale.ROOT, format, args);
    }
}
