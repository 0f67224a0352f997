package io.quire.wal.mapdb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.quire.spi.wal.WalRecord;
import org.junit.jupiter.api.Test;

class RecordCodecTest {

    private static final byte[] PAYLOAD = {1, 2, 3, 4, 5};

    @Test
    void roundTripsEpochOffsetAndPayload() throws Exception {
        byte[] value = RecordCodec.encode(42, 7, PAYLOAD);

        assertThat(value).hasSize(RecordCodec.HEADER_BYTES + PAYLOAD.length);
        assertThat(RecordCodec.decode(42, value)).isEqualTo(new WalRecord(7, 42, PAYLOAD));
        assertThat(RecordCodec.decode(0, RecordCodec.encode(0, 0, new byte[0])))
                .isEqualTo(new WalRecord(0, 0, new byte[0]));
    }

    @Test
    void everyFlippedByteIsDetected() {
        byte[] value = RecordCodec.encode(42, 7, PAYLOAD);
        for (int i = 0; i < value.length; i++) {
            byte[] damaged = value.clone();
            damaged[i] ^= 0x01;

            assertThatThrownBy(() -> RecordCodec.decode(42, damaged))
                    .isInstanceOf(CorruptRecordException.class)
                    .hasMessage("corrupt record at offset 42: CRC mismatch");
        }
    }

    @Test
    void valueStoredUnderAnotherOffsetIsDetected() {
        byte[] value = RecordCodec.encode(42, 7, PAYLOAD);

        assertThatThrownBy(() -> RecordCodec.decode(43, value)).isInstanceOf(CorruptRecordException.class);
    }

    @Test
    void valueShorterThanTheHeaderIsDetected() {
        assertThatThrownBy(() -> RecordCodec.decode(3, new byte[RecordCodec.HEADER_BYTES - 1]))
                .isInstanceOf(CorruptRecordException.class)
                .hasMessageContaining("shorter than its 12-byte header");
    }
}
