package io.quire.statemachine.kafka;

import io.quire.api.command.AlterTopicConfigs;
import io.quire.api.command.CreatePartitions;
import io.quire.api.command.CreateTopic;
import io.quire.api.command.DeleteTopic;
import io.quire.api.command.MetadataCommand;
import io.quire.api.command.RegisterBroker;
import io.quire.api.metadata.BrokerInfo;
import io.quire.api.metadata.MetadataView;
import io.quire.api.metadata.PartitionMetadata;
import io.quire.api.metadata.TopicMetadata;
import io.quire.api.metadata.TopicNames;
import io.quire.api.result.CommandResult;
import io.quire.spi.statemachine.StateMachine;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Function;
import java.util.zip.CRC32C;

/**
 * Kafka topics and brokers in memory.
 *
 * <p>A read-write lock makes each apply atomic for readers; it is held only while memory changes,
 * never across I/O.
 */
final class KafkaMetadataStateMachine implements StateMachine {

    private static final int SNAPSHOT_MAGIC = 0x51534d31; // "QSM1"
    private static final int SNAPSHOT_VERSION = 1;

    private final ReadWriteLock lock = new ReentrantReadWriteLock();
    private final View view = new View();
    private MetadataState state = new MetadataState();
    private volatile long appliedOffset = -1;

    @Override
    public CommandResult apply(long offset, MetadataCommand command) {
        if (offset <= appliedOffset) {
            throw new IllegalStateException("offset " + offset + " applied after offset " + appliedOffset);
        }
        lock.writeLock().lock();
        try {
            CommandResult result = check(command);
            if (result.isSuccess()) {
                change(command);
            }
            appliedOffset = offset;
            return result;
        } finally {
            lock.writeLock().unlock();
        }
    }

    @Override
    public CommandResult validate(MetadataCommand command) {
        return read(s -> check(command));
    }

    private CommandResult check(MetadataCommand command) {
        if (command instanceof CreateTopic create) {
            return CommandRules.check(state, create);
        }
        if (command instanceof DeleteTopic delete) {
            return CommandRules.check(state, delete);
        }
        if (command instanceof CreatePartitions create) {
            return CommandRules.check(state, create);
        }
        if (command instanceof AlterTopicConfigs alter) {
            return CommandRules.check(state, alter);
        }
        return CommandResult.OK;
    }

    private void change(MetadataCommand command) {
        if (command instanceof CreateTopic create) {
            state.putTopic(topicOf(create));
        } else if (command instanceof DeleteTopic delete) {
            state.removeTopic(state.topicsByName.get(delete.name()));
        } else if (command instanceof RegisterBroker register) {
            state.putBroker(register.broker());
        } else if (command instanceof CreatePartitions create) {
            state.putTopic(grown(state.topicsByName.get(create.name()), create));
        } else if (command instanceof AlterTopicConfigs alter) {
            TopicMetadata topic = state.topicsByName.get(alter.name());
            state.putTopic(new TopicMetadata(topic.name(), topic.topicId(), topic.partitions(), alter.configs()));
        } else {
            throw new IllegalArgumentException("unknown command " + command);
        }
    }

    private static TopicMetadata topicOf(CreateTopic create) {
        List<PartitionMetadata> partitions = new ArrayList<>(create.replicaAssignment().size());
        for (int partition = 0; partition < create.replicaAssignment().size(); partition++) {
            partitions.add(newPartition(partition, create.replicaAssignment().get(partition)));
        }
        return new TopicMetadata(create.name(), create.topicId(), partitions, create.configs());
    }

    private static TopicMetadata grown(TopicMetadata topic, CreatePartitions create) {
        List<PartitionMetadata> partitions = new ArrayList<>(topic.partitions());
        for (List<Integer> replicas : create.newPartitions()) {
            partitions.add(newPartition(partitions.size(), replicas));
        }
        return new TopicMetadata(topic.name(), topic.topicId(), partitions, topic.configs());
    }

    /** A new partition is led by its preferred replica, with every replica in sync. */
    private static PartitionMetadata newPartition(int partition, List<Integer> replicas) {
        return new PartitionMetadata(partition, replicas.get(0), 0, replicas, replicas);
    }

    @Override
    public long appliedOffset() {
        return appliedOffset;
    }

    @Override
    public MetadataView view() {
        return view;
    }

    @Override
    public String digest() {
        byte[] encoded = read(s -> {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            try {
                StateCodec.write(s, new DataOutputStream(bytes));
            } catch (IOException e) {
                throw new IllegalStateException("in-memory encoding failed", e);
            }
            return bytes.toByteArray();
        });
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(encoded));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every Java platform", e);
        }
    }

    @Override
    public void writeSnapshot(OutputStream out) throws IOException {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        DataOutputStream bodyOut = new DataOutputStream(body);
        lock.readLock().lock();
        try {
            bodyOut.writeLong(appliedOffset);
            StateCodec.write(state, bodyOut);
        } finally {
            lock.readLock().unlock();
        }
        CRC32C crc = new CRC32C();
        crc.update(body.toByteArray());
        DataOutputStream data = new DataOutputStream(out);
        data.writeInt(SNAPSHOT_MAGIC);
        data.writeInt(SNAPSHOT_VERSION);
        data.writeInt(body.size());
        body.writeTo(data);
        data.writeInt((int) crc.getValue());
        data.flush();
    }

    @Override
    public void restoreSnapshot(InputStream in) throws IOException {
        DataInputStream data = new DataInputStream(in);
        if (data.readInt() != SNAPSHOT_MAGIC) {
            throw new IOException("not a kafka-metadata snapshot (bad magic)");
        }
        int version = data.readInt();
        if (version != SNAPSHOT_VERSION) {
            throw new IOException("unsupported kafka-metadata snapshot version " + version);
        }
        int length = data.readInt();
        if (length < 8) {
            throw new IOException("corrupt snapshot: body length " + length);
        }
        byte[] body = data.readNBytes(length);
        if (body.length != length) {
            throw new IOException("truncated snapshot: " + body.length + " of " + length + " bytes");
        }
        CRC32C crc = new CRC32C();
        crc.update(body);
        if (data.readInt() != (int) crc.getValue()) {
            throw new IOException("corrupt snapshot: checksum mismatch");
        }
        DataInputStream bodyIn = new DataInputStream(new ByteArrayInputStream(body));
        long offset = bodyIn.readLong();
        MetadataState restored;
        try {
            restored = StateCodec.read(bodyIn);
        } catch (RuntimeException e) {
            // The checksum matched, but the content is impossible (a port out of range, ...).
            throw new IOException("corrupt snapshot: " + e.getMessage(), e);
        }
        if (bodyIn.available() != 0) {
            throw new IOException("corrupt snapshot: " + bodyIn.available() + " bytes after the state");
        }
        lock.writeLock().lock();
        try {
            state = restored;
            appliedOffset = offset;
        } finally {
            lock.writeLock().unlock();
        }
    }

    private <T> T read(Function<MetadataState, T> reader) {
        lock.readLock().lock();
        try {
            return reader.apply(state);
        } finally {
            lock.readLock().unlock();
        }
    }

    /** The read side, consistent per call. */
    private final class View implements MetadataView {

        @Override
        public Optional<TopicMetadata> topic(String name) {
            return read(s -> Optional.ofNullable(s.topicsByName.get(name)));
        }

        @Override
        public Optional<TopicMetadata> topic(UUID topicId) {
            return read(s -> Optional.ofNullable(s.topicsById.get(topicId)));
        }

        @Override
        public Collection<TopicMetadata> topics() {
            return read(s -> List.copyOf(s.topicsByName.values()));
        }

        @Override
        public Optional<String> topicCollidingWith(String name) {
            return read(s -> Optional.ofNullable(s.namesByCollisionKey.get(TopicNames.collisionKey(name)))
                    .filter(existing -> !existing.equals(name)));
        }

        @Override
        public Optional<BrokerInfo> broker(int id) {
            return read(s -> Optional.ofNullable(s.brokers.get(id)));
        }

        @Override
        public Collection<BrokerInfo> brokers() {
            return read(s -> List.copyOf(s.brokers.values()));
        }
    }
}
