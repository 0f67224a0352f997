package io.quire.replication.hazelcast;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.core.HazelcastInstanceAware;
import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import com.hazelcast.nio.serialization.DataSerializableFactory;
import com.hazelcast.nio.serialization.IdentifiedDataSerializable;
import java.io.IOException;
import java.util.concurrent.Callable;

/**
 * A follower's signed request (a fetch or an ack), run by Hazelcast's executor on the leader's
 * member, which hands it to its transport; answers the signed reply, or an empty array when the
 * request is refused. Serialized as {@link IdentifiedDataSerializable}: no reflection, no Java
 * serialization.
 */
final class LeaderCall implements Callable<byte[]>, IdentifiedDataSerializable, HazelcastInstanceAware {

    static final int FACTORY_ID = 0x51554952; // "QUIR"
    static final int CLASS_ID = 1;
    static final String TRANSPORT_KEY = "io.quire.replication.hazelcast.transport";

    /** Creates calls for Hazelcast's deserializer. */
    static final DataSerializableFactory FACTORY = classId -> classId == CLASS_ID ? new LeaderCall() : null;

    private byte[] request;
    private int senderId;
    private transient HazelcastInstance instance;

    LeaderCall() {}

    LeaderCall(int senderId, byte[] request) {
        this.senderId = senderId;
        this.request = request;
    }

    @Override
    public void setHazelcastInstance(HazelcastInstance instance) {
        this.instance = instance;
    }

    @Override
    public byte[] call() {
        Object transport = instance == null ? null : instance.getUserContext().get(TRANSPORT_KEY);
        if (transport instanceof HazelcastReplicationTransport t) {
            return t.serveCall(senderId, request);
        }
        return new byte[0];
    }

    @Override
    public int getFactoryId() {
        return FACTORY_ID;
    }

    @Override
    public int getClassId() {
        return CLASS_ID;
    }

    @Override
    public void writeData(ObjectDataOutput out) throws IOException {
        out.writeInt(senderId);
        out.writeByteArray(request);
    }

    @Override
    public void readData(ObjectDataInput in) throws IOException {
        senderId = in.readInt();
        request = in.readByteArray();
    }
}
