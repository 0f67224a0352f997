package io.quire.statemachine.kafka;

import io.quire.api.metadata.BrokerInfo;
import io.quire.api.metadata.PartitionMetadata;
import io.quire.api.metadata.TopicMetadata;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

/**
 * A canonical binary form of {@link MetadataState}: sorted, so that equal states encode to equal
 * bytes. Snapshots store it and the digest hashes it.
 */
final class StateCodec {

    private StateCodec() {}

    static void write(MetadataState state, DataOutput out) throws IOException {
        out.writeInt(state.brokers.size());
        for (BrokerInfo broker : state.brokers.values()) {
            out.writeInt(broker.id());
            writeString(out, broker.host());
            out.writeInt(broker.port());
            writeNullable(out, broker.rack());
        }
        out.writeInt(state.topicsByName.size());
        for (TopicMetadata topic : state.topicsByName.values()) {
            writeTopic(out, topic);
        }
    }

    static MetadataState read(DataInput in) throws IOException {
        MetadataState state = new MetadataState();
        int brokers = count(in);
        for (int i = 0; i < brokers; i++) {
            state.putBroker(new BrokerInfo(in.readInt(), readString(in), in.readInt(), readNullable(in)));
        }
        int topics = count(in);
        for (int i = 0; i < topics; i++) {
            state.putTopic(readTopic(in));
        }
        return state;
    }

    private static void writeTopic(DataOutput out, TopicMetadata topic) throws IOException {
        writeString(out, topic.name());
        out.writeLong(topic.topicId().getMostSignificantBits());
        out.writeLong(topic.topicId().getLeastSignificantBits());
        out.writeInt(topic.partitions().size());
        for (PartitionMetadata partition : topic.partitions()) {
            out.writeInt(partition.partition());
            out.writeInt(partition.leader());
            out.writeInt(partition.leaderEpoch());
            writeInts(out, partition.replicas());
            writeInts(out, partition.isr());
        }
        Map<String, String> configs = new TreeMap<>(topic.configs());
        out.writeInt(configs.size());
        for (Map.Entry<String, String> config : configs.entrySet()) {
            writeString(out, config.getKey());
            writeString(out, config.getValue());
        }
    }

    private static TopicMetadata readTopic(DataInput in) throws IOException {
        String name = readString(in);
        UUID id = new UUID(in.readLong(), in.readLong());
        int partitionCount = count(in);
        List<PartitionMetadata> partitions = new ArrayList<>(partitionCount);
        for (int i = 0; i < partitionCount; i++) {
            partitions.add(new PartitionMetadata(in.readInt(), in.readInt(), in.readInt(), readInts(in), readInts(in)));
        }
        int configCount = count(in);
        Map<String, String> configs = new TreeMap<>();
        for (int i = 0; i < configCount; i++) {
            configs.put(readString(in), readString(in));
        }
        return new TopicMetadata(name, id, partitions, configs);
    }

    private static void writeInts(DataOutput out, List<Integer> values) throws IOException {
        out.writeInt(values.size());
        for (int value : values) {
            out.writeInt(value);
        }
    }

    private static List<Integer> readInts(DataInput in) throws IOException {
        int size = count(in);
        List<Integer> values = new ArrayList<>(size);
        for (int i = 0; i < size; i++) {
            values.add(in.readInt());
        }
        return values;
    }

    private static void writeNullable(DataOutput out, String value) throws IOException {
        out.writeBoolean(value != null);
        if (value != null) {
            writeString(out, value);
        }
    }

    /** UTF-8 with an int length: unlike writeUTF, no 64 KiB limit (Kafka config values may be longer). */
    private static void writeString(DataOutput out, String value) throws IOException {
        byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
        out.writeInt(bytes.length);
        out.write(bytes);
    }

    private static String readString(DataInput in) throws IOException {
        byte[] bytes = new byte[count(in)];
        in.readFully(bytes);
        return new String(bytes, StandardCharsets.UTF_8);
    }

    private static String readNullable(DataInput in) throws IOException {
        return in.readBoolean() ? readString(in) : null;
    }

    /** A collection size, refused when negative so that a corrupt snapshot cannot allocate wildly. */
    private static int count(DataInput in) throws IOException {
        int count = in.readInt();
        if (count < 0 || count > 100_000_000) {
            throw new IOException("corrupt snapshot: collection size " + count);
        }
        return count;
    }
}
