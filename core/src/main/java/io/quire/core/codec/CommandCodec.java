package io.quire.core.codec;

import com.esotericsoftware.kryo.Kryo;
import com.esotericsoftware.kryo.KryoException;
import com.esotericsoftware.kryo.Registration;
import com.esotericsoftware.kryo.io.Input;
import com.esotericsoftware.kryo.io.Output;
import com.esotericsoftware.kryo.util.Pool;
import io.quire.api.command.AlterTopicConfigs;
import io.quire.api.command.CreatePartitions;
import io.quire.api.command.CreateTopic;
import io.quire.api.command.DeleteTopic;
import io.quire.api.command.MetadataCommand;
import io.quire.api.command.RegisterBroker;
import io.quire.api.result.CommandResult;

/**
 * Serializes commands (for the WAL and replication) and command results (for proposals carried by
 * consensus) with Kryo.
 *
 * <p>Every class is registered with a fixed id and a hand-written serializer that starts with a
 * format version, so that bytes written by this version stay readable by later ones: ids are never
 * reused, and a new field means a new format version that the serializer still reads the old way.
 * A golden WAL in the tests holds this promise.
 */
public final class CommandCodec {

    /** First byte of every encoded payload: the codec's framing version. */
    private static final byte PAYLOAD_VERSION = 1;

    private static final int ID_CREATE_TOPIC = 100;
    private static final int ID_DELETE_TOPIC = 101;
    private static final int ID_REGISTER_BROKER = 102;
    private static final int ID_CREATE_PARTITIONS = 103;
    private static final int ID_ALTER_TOPIC_CONFIGS = 104;
    private static final int ID_COMMAND_RESULT = 120;

    private final Pool<Kryo> kryos = new Pool<>(true, false, 64) {
        @Override
        protected Kryo create() {
            return newKryo();
        }
    };

    private static Kryo newKryo() {
        Kryo kryo = new Kryo();
        kryo.setRegistrationRequired(true);
        kryo.setReferences(false);
        kryo.register(CreateTopic.class, new Serializers.CreateTopicSerializer(), ID_CREATE_TOPIC);
        kryo.register(DeleteTopic.class, new Serializers.DeleteTopicSerializer(), ID_DELETE_TOPIC);
        kryo.register(RegisterBroker.class, new Serializers.RegisterBrokerSerializer(), ID_REGISTER_BROKER);
        kryo.register(CreatePartitions.class, new Serializers.CreatePartitionsSerializer(), ID_CREATE_PARTITIONS);
        kryo.register(AlterTopicConfigs.class, new Serializers.AlterTopicConfigsSerializer(), ID_ALTER_TOPIC_CONFIGS);
        kryo.register(CommandResult.class, new Serializers.CommandResultSerializer(), ID_COMMAND_RESULT);
        return kryo;
    }

    public byte[] encode(MetadataCommand command) {
        return write(command);
    }

    /**
     * Decodes a command.
     *
     * @throws CodecException when the bytes are not a command this version can read
     */
    public MetadataCommand decode(byte[] payload) {
        return read(payload, MetadataCommand.class);
    }

    public byte[] encodeResult(CommandResult result) {
        return write(result);
    }

    public CommandResult decodeResult(byte[] payload) {
        return read(payload, CommandResult.class);
    }

    private byte[] write(Object value) {
        Kryo kryo = kryos.obtain();
        try (Output output = new Output(128, -1)) {
            output.writeByte(PAYLOAD_VERSION);
            kryo.writeClassAndObject(output, value);
            return output.toBytes();
        } finally {
            kryos.free(kryo);
        }
    }

    private <T> T read(byte[] payload, Class<T> expected) {
        if (payload.length == 0) {
            throw new CodecException("empty payload");
        }
        if (payload[0] != PAYLOAD_VERSION) {
            throw new CodecException("unknown payload version " + payload[0]);
        }
        Kryo kryo = kryos.obtain();
        try (Input input = new Input(payload, 1, payload.length - 1)) {
            // The class first, read here rather than by Kryo: Kryo would also accept a class given
            // by name, String and the primitives, whose readers trust a length prefix and allocate
            // what it claims. Kryo writes a registered class as the varint id + 2 (0 is null).
            int classId = input.readVarInt(true);
            Registration registration = classId < 2 ? null : kryo.getRegistration(classId - 2);
            if (registration == null || !expected.isAssignableFrom(registration.getType())) {
                throw new CodecException("expected a " + expected.getSimpleName() + ", found "
                        + (classId == 0 ? "null" : registration == null ? "class id " + classId
                                : registration.getType().getSimpleName()));
            }
            Class<?> type = registration.getType();
            Object value = kryo.readObject(input, type);
            if (input.position() != payload.length) {
                throw new CodecException((payload.length - input.position()) + " trailing bytes after a "
                        + expected.getSimpleName());
            }
            return expected.cast(value);
        } catch (KryoException | IllegalArgumentException | NullPointerException e) {
            throw new CodecException("unreadable " + expected.getSimpleName() + ": " + e.getMessage(), e);
        } finally {
            kryos.free(kryo);
        }
    }
}
