package io.quire.core.status;

import java.util.List;

/**
 * What one node knows of itself, as {@code /health/ready}, {@code /status} and {@code quire status}
 * show it.
 *
 * @param leaderId the leader this node knows of; -1 when none
 * @param endOffset one past the last record of this node's metadata log
 * @param appliedOffset the offset of the last command its state machine applied; -1 before any
 * @param leaderEndOffset where the leader's log ends, as this node last heard; -1 when not heard
 * @param work the long pieces of work in progress
 * @param ready whether it serves the current state: it knows a leader and has applied everything
 *     the leader had when last heard, and no replay or snapshot install is running
 * @param reason why it is or is not ready, for an operator
 */
public record NodeStatus(int nodeId, Role role, long epoch, int leaderId, long endOffset, long appliedOffset,
        long leaderEndOffset, List<Progress> work, boolean ready, String reason) {

    public NodeStatus {
        work = List.copyOf(work);
    }

    /** How many records this node is behind the leader as last heard; 0 when not known. */
    public long lag() {
        return leaderEndOffset < 0 ? 0 : Math.max(0, leaderEndOffset - (appliedOffset + 1));
    }
}
