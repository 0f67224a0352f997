package io.quire.core.codec;

import com.esotericsoftware.kryo.Kryo;
import com.esotericsoftware.kryo.KryoException;
import com.esotericsoftware.kryo.Serializer;
import com.esotericsoftware.kryo.io.Input;
import com.esotericsoftware.kryo.io.Output;
import io.quire.api.command.AlterTopicConfigs;
import io.quire.api.command.CreatePartitions;
import io.quire.api.command.CreateTopic;
import io.quire.api.command.DeleteTopic;
import io.quire.api.command.RegisterBroker;
import io.quire.api.metadata.BrokerInfo;
import io.quire.api.result.CommandResult;
import io.quire.api.result.ErrorCode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;

/**
 * The hand-written serializers of {@link CommandCodec}: each writes its format version first and
 * its fields in a fixed order, so the byte layout changes only on purpose.
 */
final class Serializers {

    /** Collections larger than this are refused when reading, so garbage cannot allocate wildly. */
    private static final int MAX_COLLECTION = 1 << 20;

    private Serializers() {}

    static final class CreateTopicSerializer extends Serializer<CreateTopic> {
        private static final int V1 = 1;

        @Override
        public void write(Kryo kryo, Output out, CreateTopic topic) {
            out.writeVarInt(V1, true);
            out.writeString(topic.name());
            writeUuid(out, topic.topicId());
            writeAssignment(out, topic.replicaAssignment());
            writeStringMap(out, topic.configs());
        }

        @Override
        public CreateTopic read(Kryo kryo, Input in, Class<? extends CreateTopic> type) {
            expectVersion(in, V1, "CreateTopic");
            String name = readString(in);
            UUID id = readUuid(in);
            List<List<Integer>> assignment = readAssignment(in);
            return new CreateTopic(name, id, assignment, readStringMap(in));
        }
    }

    static final class DeleteTopicSerializer extends Serializer<DeleteTopic> {
        private static final int V1 = 1;

        @Override
        public void write(Kryo kryo, Output out, DeleteTopic delete) {
            out.writeVarInt(V1, true);
            out.writeString(delete.name());
            writeUuid(out, delete.topicId());
        }

        @Override
        public DeleteTopic read(Kryo kryo, Input in, Class<? extends DeleteTopic> type) {
            expectVersion(in, V1, "DeleteTopic");
            return new DeleteTopic(readString(in), readUuid(in));
        }
    }

    static final class RegisterBrokerSerializer extends Serializer<RegisterBroker> {
        private static final int V1 = 1;

        @Override
        public void write(Kryo kryo, Output out, RegisterBroker register) {
            BrokerInfo broker = register.broker();
            out.writeVarInt(V1, true);
            out.writeVarInt(broker.id(), true);
            out.writeString(broker.host());
            out.writeVarInt(broker.port(), true);
            out.writeString(broker.rack());
        }

        @Override
        public RegisterBroker read(Kryo kryo, Input in, Class<? extends RegisterBroker> type) {
            expectVersion(in, V1, "RegisterBroker");
            return new RegisterBroker(new BrokerInfo(in.readVarInt(true), readString(in), in.readVarInt(true),
                    readString(in)));
        }
    }

    static final class CreatePartitionsSerializer extends Serializer<CreatePartitions> {
        private static final int V1 = 1;

        @Override
        public void write(Kryo kryo, Output out, CreatePartitions create) {
            out.writeVarInt(V1, true);
            out.writeString(create.name());
            writeUuid(out, create.topicId());
            out.writeVarInt(create.existingPartitions(), true);
            writeAssignment(out, create.newPartitions());
        }

        @Override
        public CreatePartitions read(Kryo kryo, Input in, Class<? extends CreatePartitions> type) {
            expectVersion(in, V1, "CreatePartitions");
            String name = readString(in);
            UUID id = readUuid(in);
            int existing = readSize(in);
            return new CreatePartitions(name, id, existing, readAssignment(in));
        }
    }

    /**
     * V2 adds the expected overrides after the resulting ones: a presence flag, then the map. V1
     * records, which have none, still read, as unconditional commands.
     */
    static final class AlterTopicConfigsSerializer extends Serializer<AlterTopicConfigs> {
        private static final int V1 = 1;
        private static final int V2 = 2;

        @Override
        public void write(Kryo kryo, Output out, AlterTopicConfigs alter) {
            out.writeVarInt(V2, true);
            out.writeString(alter.name());
            writeUuid(out, alter.topicId());
            writeStringMap(out, alter.configs());
            out.writeBoolean(alter.expectedConfigs().isPresent());
            alter.expectedConfigs().ifPresent(expected -> writeStringMap(out, expected));
        }

        @Override
        public AlterTopicConfigs read(Kryo kryo, Input in, Class<? extends AlterTopicConfigs> type) {
            int version = expectVersionUpTo(in, V2, "AlterTopicConfigs");
            String name = readString(in);
            UUID id = readUuid(in);
            Map<String, String> configs = readStringMap(in);
            Optional<Map<String, String>> expected = version >= V2 && readFlag(in)
                    ? Optional.of(readStringMap(in))
                    : Optional.empty();
            return new AlterTopicConfigs(name, id, expected, configs);
        }
    }

    static final class CommandResultSerializer extends Serializer<CommandResult> {
        private static final int V1 = 1;

        @Override
        public void write(Kryo kryo, Output out, CommandResult result) {
            out.writeVarInt(V1, true);
            out.writeString(result.error().name());
            out.writeString(result.message());
        }

        @Override
        public CommandResult read(Kryo kryo, Input in, Class<? extends CommandResult> type) {
            expectVersion(in, V1, "CommandResult");
            String code = readString(in);
            ErrorCode error;
            try {
                error = ErrorCode.valueOf(code);
            } catch (IllegalArgumentException | NullPointerException e) {
                // A newer leader may know codes this node does not; the failure is still a failure.
                error = ErrorCode.INTERNAL_ERROR;
            }
            return new CommandResult(error, readString(in));
        }
    }

    /**
     * {@link Input#readString()}, refusing first a length that the remaining bytes cannot hold: Kryo
     * allocates the characters its length prefix announces before reading any, so garbage could
     * otherwise ask for gigabytes (an OutOfMemoryError) or a negative length (an
     * IndexOutOfBoundsException). In Kryo's UTF-8 form the first byte has its high bit set and
     * starts a varint holding the character count plus one; each character takes at least one byte.
     */
    private static String readString(Input in) {
        int start = in.position();
        if (start < in.limit() && (in.getBuffer()[start] & 0x80) != 0) {
            int charCountPlusOne = in.readVarIntFlag(true);
            int remaining = in.limit() - in.position();
            if (charCountPlusOne < 0 || charCountPlusOne - 1 > remaining) {
                throw new KryoException("string of " + (charCountPlusOne - 1L) + " characters in the "
                        + remaining + " remaining bytes");
            }
            in.setPosition(start);
        }
        return in.readString();
    }

    /** Reads a format version between 1 and {@code newest}, the versions this serializer reads. */
    private static int expectVersionUpTo(Input in, int newest, String what) {
        int version = in.readVarInt(true);
        if (version < 1 || version > newest) {
            throw new KryoException("unknown " + what + " format version " + version);
        }
        return version;
    }

    /** A boolean written by {@link Output#writeBoolean}: any byte other than 0 and 1 is corruption. */
    private static boolean readFlag(Input in) {
        byte flag = in.readByte();
        if (flag != 0 && flag != 1) {
            throw new KryoException("flag byte " + flag + " is neither 0 nor 1");
        }
        return flag == 1;
    }

    private static void expectVersion(Input in, int known, String what) {
        int version = in.readVarInt(true);
        if (version != known) {
            throw new KryoException("unknown " + what + " format version " + version);
        }
    }

    private static void writeUuid(Output out, UUID id) {
        out.writeLong(id.getMostSignificantBits());
        out.writeLong(id.getLeastSignificantBits());
    }

    private static UUID readUuid(Input in) {
        return new UUID(in.readLong(), in.readLong());
    }

    /** Replicas per partition, in partition order: the layout CreateTopic has had since V1. */
    private static void writeAssignment(Output out, List<List<Integer>> assignment) {
        out.writeVarInt(assignment.size(), true);
        for (List<Integer> replicas : assignment) {
            out.writeVarInt(replicas.size(), true);
            for (int broker : replicas) {
                out.writeVarInt(broker, true);
            }
        }
    }

    private static List<List<Integer>> readAssignment(Input in) {
        int partitions = readSize(in);
        List<List<Integer>> assignment = new ArrayList<>(partitions);
        for (int p = 0; p < partitions; p++) {
            int replicaCount = readSize(in);
            List<Integer> replicas = new ArrayList<>(replicaCount);
            for (int r = 0; r < replicaCount; r++) {
                replicas.add(in.readVarInt(true));
            }
            assignment.add(replicas);
        }
        return assignment;
    }

    /** Sorted, so that equal maps encode to equal bytes. */
    private static void writeStringMap(Output out, Map<String, String> map) {
        out.writeVarInt(map.size(), true);
        for (Map.Entry<String, String> entry : new TreeMap<>(map).entrySet()) {
            out.writeString(entry.getKey());
            out.writeString(entry.getValue());
        }
    }

    private static Map<String, String> readStringMap(Input in) {
        int size = readSize(in);
        Map<String, String> map = new LinkedHashMap<>();
        for (int i = 0; i < size; i++) {
            map.put(readString(in), readString(in));
        }
        return map;
    }

    private static int readSize(Input in) {
        int size = in.readVarInt(true);
        if (size < 0 || size > MAX_COLLECTION) {
            throw new KryoException("collection size " + size + " out of range");
        }
        return size;
    }
}
