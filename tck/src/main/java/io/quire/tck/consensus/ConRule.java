package io.quire.tck.consensus;

import io.quire.tck.support.NumberedRule;

/** The numbered rules of the consensus contract, as listed in the kit's {@code RULES.md}. */
enum ConRule implements NumberedRule {
    CON01("at most one leader per epoch"),
    CON02("epochs never decrease; leadership events arrive one at a time, in order"),
    CON03("a proposal is executed once, by the leader, and answered with its result"),
    CON04("a proposal without a majority fails, neither hanging nor executing"),
    CON05("a minority cannot elect a leader"),
    CON06("ask reaches the member's engine; an unknown or stopped member fails"),
    CON07("members() lists every member, the local one included"),
    CON08("close stops the member");

    private final String title;

    ConRule(String title) {
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
