package io.quire.launcher.waldump;

import io.quire.api.command.AlterTopicConfigs;
import io.quire.api.command.CreatePartitions;
import io.quire.api.command.CreateTopic;
import io.quire.api.command.DeleteTopic;
import io.quire.api.command.MetadataCommand;
import io.quire.api.command.RegisterBroker;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * A command as the dump shows it: its type and its fields in a fixed order, named as an operator
 * knows them (a topic's {@code id}, its {@code partitions} count beside the {@code replicas} of each).
 * Values are strings, numbers, lists and maps, which both the text and the JSON form can write.
 *
 * @param type the command's simple class name
 * @param fields the fields, in the order shown
 */
record CommandFields(String type, Map<String, Object> fields) implements DecodedPayload {

    static CommandFields of(MetadataCommand command) {
        Map<String, Object> fields = new LinkedHashMap<>();
        if (command instanceof RegisterBroker register) {
            fields.put("id", register.broker().id());
            fields.put("host", register.broker().host());
            fields.put("port", register.broker().port());
            fields.put("rack", register.broker().rack());
        } else if (command instanceof CreateTopic create) {
            fields.put("name", create.name());
            fields.put("id", create.topicId().toString());
            fields.put("partitions", create.replicaAssignment().size());
            fields.put("replicas", create.replicaAssignment());
            fields.put("configs", new TreeMap<>(create.configs()));
        } else if (command instanceof DeleteTopic delete) {
            fields.put("name", delete.name());
            fields.put("id", delete.topicId().toString());
        } else if (command instanceof CreatePartitions grow) {
            fields.put("name", grow.name());
            fields.put("id", grow.topicId().toString());
            fields.put("existingPartitions", grow.existingPartitions());
            fields.put("newPartitions", grow.newPartitions().size());
            fields.put("replicas", grow.newPartitions());
        } else if (command instanceof AlterTopicConfigs alter) {
            fields.put("name", alter.name());
            fields.put("id", alter.topicId().toString());
            alter.expectedConfigs().ifPresent(expected -> fields.put("expectedConfigs", new TreeMap<>(expected)));
            fields.put("configs", new TreeMap<>(alter.configs()));
        } else {
            throw new IllegalArgumentException("a command the dump does not know: " + command);
        }
        return new CommandFields(command.getClass().getSimpleName(), fields);
    }
}
