package io.quire.launcher.ops;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quire.core.status.NodeStatus;
import io.quire.core.status.Progress;
import java.util.Locale;

/** The JSON of a node's status, as {@code /health/ready} and {@code /status} serve it. */
final class StatusJson {

    static final ObjectMapper MAPPER = new ObjectMapper();

    private StatusJson() {}

    static ObjectNode of(NodeStatus status) {
        ObjectNode json = MAPPER.createObjectNode()
                .put("node", status.nodeId())
                .put("role", status.role().name().toLowerCase(Locale.ROOT))
                .put("epoch", status.epoch())
                .put("leader", status.leaderId())
                .put("endOffset", status.endOffset())
                .put("appliedOffset", status.appliedOffset())
                .put("leaderEndOffset", status.leaderEndOffset())
                .put("lag", status.lag())
                .put("ready", status.ready())
                .put("reason", status.reason());
        ArrayNode work = json.putArray("work");
        for (Progress progress : status.work()) {
            work.addObject()
                    .put("task", progress.task())
                    .put("unit", progress.unit())
                    .put("done", progress.done())
                    .put("total", progress.total())
                    .put("perSecond", Math.round(progress.perSecond()))
                    .put("secondsLeft", progress.secondsLeft());
        }
        return json;
    }

    static String text(JsonNode json) {
        return json.toPrettyString() + "\n";
    }
}
