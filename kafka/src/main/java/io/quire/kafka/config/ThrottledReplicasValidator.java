package io.quire.kafka.config;

import java.util.List;
import java.util.regex.Pattern;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigException;

/**
 * Validates {@code leader.replication.throttled.replicas} and its follower twin as Kafka does: the
 * literal '*' or a list of {@code partitionId:brokerId} pairs.
 */
final class ThrottledReplicasValidator implements ConfigDef.Validator {

    private static final Pattern REPLICA = Pattern.compile("([0-9]+:[0-9]+)?");

    @Override
    public void ensureValid(String name, Object value) {
        List<?> replicas = (List<?>) value;
        boolean wildcard = replicas.size() == 1 && "*".equals(String.valueOf(replicas.get(0)).trim());
        boolean pairs = replicas.stream().allMatch(r -> REPLICA.matcher(String.valueOf(r).trim()).matches());
        if (!wildcard && !pairs) {
            throw new ConfigException(name, value, name + " must be the literal '*' or a list of replicas in the"
                    + " following format: [partitionId]:[brokerId],[partitionId]:[brokerId],...");
        }
    }

    @Override
    public String toString() {
        return "[partitionId]:[brokerId],[partitionId]:[brokerId],...";
    }
}
