package io.quire.campaigns.history;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.config.ConfigResource;

/** Reads what a cluster holds of a run's topics, through the AdminClient, for the {@link HistoryChecker}. */
public final class EndState {

    private static final int BATCH = 500;
    private static final long LIMIT_SECONDS = 60;

    private EndState() {}

    /** Every topic whose name starts with {@code prefix}: its partition count and its own {@code config}. */
    public static Map<String, TopicState> read(Admin admin, String prefix, String config) throws Exception {
        List<String> topics = admin.listTopics().names().get(LIMIT_SECONDS, TimeUnit.SECONDS).stream()
                .filter(t -> t.startsWith(prefix)).sorted().toList();
        Map<String, TopicState> state = new HashMap<>();
        for (int from = 0; from < topics.size(); from += BATCH) {
            List<String> batch = topics.subList(from, Math.min(topics.size(), from + BATCH));
            Map<String, TopicDescription> described = admin.describeTopics(batch).allTopicNames()
                    .get(LIMIT_SECONDS, TimeUnit.SECONDS);
            List<ConfigResource> resources = new ArrayList<>();
            batch.forEach(t -> resources.add(new ConfigResource(ConfigResource.Type.TOPIC, t)));
            Map<ConfigResource, Config> configs = admin.describeConfigs(resources).all()
                    .get(LIMIT_SECONDS, TimeUnit.SECONDS);
            for (String topic : batch) {
                ConfigEntry entry = configs.get(new ConfigResource(ConfigResource.Type.TOPIC, topic)).get(config);
                OptionalLong own = entry != null && entry.source() == ConfigEntry.ConfigSource.DYNAMIC_TOPIC_CONFIG
                        ? OptionalLong.of(Long.parseLong(entry.value()))
                        : OptionalLong.empty();
                state.put(topic, new TopicState(described.get(topic).partitions().size(), own));
            }
        }
        return state;
    }
}
