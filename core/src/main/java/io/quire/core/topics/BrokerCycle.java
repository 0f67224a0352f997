package io.quire.core.topics;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

/**
 * The brokers of one rack, handed out round robin: each placement round starts one broker further
 * than the round before, and a round hands out each broker at most once (one replica per broker).
 */
final class BrokerCycle {

    private final List<Integer> brokers = new ArrayList<>();
    private int offset;
    private int taken;
    private long round;

    void add(int broker) {
        brokers.add(broker);
    }

    /** Sorts the brokers and starts at a random one, so that topics do not all start on the same broker. */
    void start(Random random) {
        Collections.sort(brokers);
        offset = random.nextInt(brokers.size());
    }

    /**
     * Sorts the brokers and starts at the one after {@code broker}, so that partitions added to a
     * topic continue where its existing partitions left off.
     */
    void startAfter(int broker) {
        Collections.sort(brokers);
        offset = (brokers.indexOf(broker) + 1) % brokers.size();
    }

    void shuffle(Random random) {
        Collections.shuffle(brokers, random);
    }

    /** The next broker of {@code round}, or -1 when this rack has handed out each of its brokers in it. */
    int next(long round) {
        if (round != this.round) {
            this.round = round;
            taken = 0;
            offset = (offset + 1) % brokers.size();
        }
        if (taken == brokers.size()) {
            return -1;
        }
        return brokers.get((offset + taken++) % brokers.size());
    }
}
