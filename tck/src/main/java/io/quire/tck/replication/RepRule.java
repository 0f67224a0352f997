package io.quire.tck.replication;

import java.util.Locale;

/**
 * The numbered rules of the replication transport contract, as listed in the kit's {@code RULES.md}.
 * Every assertion message starts with its rule, so that a failure says which promise was broken.
 */
enum RepRule {
    REP01("in-order delivery, each record accepted once"),
    REP02("no record applied twice, no overlapping accepts"),
    REP03("a restarted follower resumes from its stated position"),
    REP04("a snapshot first when the leader no longer holds the follower's offset"),
    REP05("a slow follower slows neither the leader nor the other followers"),
    REP06("a node with another secret gets nothing"),
    REP07("clean shutdown");

    private final String title;

    RepRule(String title) {
        this.title = title;
    }

    /** The rule's id as used in test names and {@code RULES.md}: {@code rep01}. */
    String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    String title() {
        return title;
    }

    /** An assertion description: the rule, then what was checked. */
    String that(String format, Object... args) {
        return this + ": " + String.format(Locale.ROOT, format, args);
    }

    @Override
    public String toString() {
        return id() + " (" + title + ")";
    }
}
