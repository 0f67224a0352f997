package io.quire.replication.hazelcast;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.quire.api.metadata.BrokerInfo;
import io.quire.spi.replication.LogPosition;
import io.quire.spi.replication.ReplicatedRecord;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class MessagesTest {

    private static final Authenticator AUTH = new Authenticator("0123456789abcdef0123".getBytes(StandardCharsets.UTF_8));

    static {
        AUTH.bindCluster("c1");
    }

    private static ReplicatedRecord record(long offset) {
        return new ReplicatedRecord(ReplicatedRecord.METADATA_TOPIC, 0, 3, offset, offset + 1, new byte[] {(byte) offset});
    }

    @Test
    void batchesRoundTripAndAnyTamperingFailsVerification() throws IOException {
        Messages.Batch batch = new Messages.Batch(3, 1, List.of(record(5), record(6)));
        byte[] signed = AUTH.sign(Messages.encode(batch));
        Messages.Batch decoded = Messages.decodeBatch(AUTH.verify(signed));
        assertThat(decoded.epoch()).isEqualTo(3);
        assertThat(decoded.firstOffset()).isEqualTo(5);
        assertThat(decoded.endOffset()).isEqualTo(7);
        for (int i = 0; i < signed.length; i++) {
            byte[] tampered = signed.clone();
            tampered[i] ^= 1;
            assertThat(AUTH.verify(tampered)).as("byte %d flipped", i).isNull();
        }
        Authenticator otherCluster = new Authenticator("0123456789abcdef0123".getBytes(StandardCharsets.UTF_8));
        otherCluster.bindCluster("c2");
        assertThat(otherCluster.verify(signed)).isNull();
        assertThat(AUTH.verify(new byte[3])).isNull();
    }

    @Test
    void fetchAndAnswerRoundTrip() throws IOException {
        Messages.Fetch fetch = new Messages.Fetch(2, 7, 42, new byte[16], new LogPosition(6, 100, 40),
                new BrokerInfo(2, "h", 9092, "r1"));
        Messages.Fetch f = Messages.decodeFetch(Messages.encode(fetch));
        assertThat(f.position()).isEqualTo(new LogPosition(6, 100, 40));
        assertThat(f.broker()).isEqualTo(new BrokerInfo(2, "h", 9092, "r1"));
        Messages.FetchAnswer answer = new Messages.FetchAnswer(Messages.OK, 1, 7, new byte[16], 90,
                new Messages.Snap(80, 6, new byte[] {1, 2}), List.of(record(80)), 12);
        Messages.FetchAnswer a = Messages.decodeFetchAnswer(Messages.encode(answer));
        assertThat(a.truncateTo()).isEqualTo(90);
        assertThat(a.snapshot().data()).containsExactly(1, 2);
        assertThat(a.records()).hasSize(1);
        assertThat(a.ringSequence()).isEqualTo(12);
    }

    @Test
    void malformedBodiesAreRejected() {
        byte[] body = Messages.encode(new Messages.Batch(3, 1, List.of(record(5), record(7))));
        assertThatThrownBy(() -> Messages.decodeBatch(body)).isInstanceOf(IOException.class)
                .hasMessageContaining("consecutive");
        byte[] ack = Messages.encode(new Messages.Ack(1, 1, 1, 1));
        assertThatThrownBy(() -> Messages.decodeBatch(ack)).isInstanceOf(IOException.class);
        byte[] truncated = java.util.Arrays.copyOf(Messages.encode(new Messages.Batch(3, 1, List.of(record(5)))), 20);
        assertThatThrownBy(() -> Messages.decodeBatch(truncated)).isInstanceOf(IOException.class);
    }
}
