package io.quire.campaigns.process;

/** What a process-fault campaign does to a node, over and over. */
public enum ProcessFault {
    /**
     * Campaign 1: SIGKILL a random node, leader or follower (the leader first), at a random moment,
     * and start it again after a random downtime of up to 1 s.
     */
    CRASH,
    /**
     * Part of campaign 3: SIGSTOP the leader for 3 to 6 s, longer than the election timeout (1-2 s),
     * so that the others elect a new leader while it holds its connections open, then SIGCONT it:
     * a deposed leader comes back and must give way.
     */
    PAUSE;

    public String label() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
