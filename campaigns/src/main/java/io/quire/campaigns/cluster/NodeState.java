package io.quire.campaigns.cluster;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * What a node says of itself on {@code /health/ready}: its role, epoch, leader and offsets.
 *
 * @param endOffset the node's WAL end (the offset its next record gets)
 * @param appliedOffset the last offset its state machine applied, -1 for none
 */
public record NodeState(int node, String role, long epoch, int leader, long endOffset, long appliedOffset,
        boolean ready) {

    static NodeState of(JsonNode json) {
        return new NodeState(json.path("node").asInt(), json.path("role").asText(), json.path("epoch").asLong(),
                json.path("leader").asInt(), json.path("endOffset").asLong(), json.path("appliedOffset").asLong(),
                json.path("ready").asBoolean());
    }

    public boolean isLeader() {
        return "leader".equals(role);
    }
}
