package io.quire.campaigns.history;

/**
 * One change a client asked for, and how it ended. Each topic belongs to one client, which sends
 * its changes one after the other, so a topic's operations are ordered by {@code sequence}.
 *
 * @param kind what was asked
 * @param topic the topic it was asked of
 * @param value the partition count asked for (CREATE, PARTITIONS) or the retention.ms set (CONFIG); 0 for DELETE
 * @param sequence the operation's place in the whole history
 */
public record Operation(long sequence, int client, Kind kind, String topic, long value, Outcome outcome) {

    public enum Kind {
        CREATE, DELETE, PARTITIONS, CONFIG
    }
}
