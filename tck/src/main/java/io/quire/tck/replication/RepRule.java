package io.quire.tck.replication;

import io.quire.tck.support.NumberedRule;

/** The numbered rules of the replication transport contract, as listed in the kit's {@code RULES.md}. */
enum RepRule implements NumberedRule {
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

    @Override
    public String title() {
        return title;
    }

    @Override
    public String toString() {
        return label();
    }
}
