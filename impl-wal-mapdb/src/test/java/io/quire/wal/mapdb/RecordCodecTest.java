package io.quire.wal.mapdb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.quire.spi.wal.WalRecord;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class RecordCodecTest {

    private static final byte[] PAYLOAD = {1, 2, 3, 4, 5};

    @Test
    void roundTripsTheRecordsOfAChunkWithTheirEpochsAndOffsets() throws Exception {
        byte[] chunk = chunk(42, new long[] {7, 7, 8}, PAYLOAD, new byte[0], WalFixtures.bytes("third"));

        assertThat(chunk).hasSize(3 * (Integer.BYTES + RecordCodec.HEADER_BYTES) + PAYLOAD.length + 5);
        assertThat(decodeAll(42, chunk)).containsExactly(new WalRecord(7, 42, PAYLOAD),
                new WalRecord(7, 43, new byte[0]), new WalRecord(8, 44, WalFixtures.bytes("third")));
        assertThat(decodeAll(0, RecordCodec.chunkOf(0, 0, new byte[0]))).containsExactly(new WalRecord(0, 0, new byte[0]));
    }

    @Test
    void skippingStepsOverRecordsAndCountsTheirBytes() throws Exception {
        byte[] chunk = chunk(10, new long[] {1, 1, 1}, PAYLOAD, PAYLOAD, PAYLOAD);
        RecordCodec.Cursor cursor = new RecordCodec.Cursor(10, chunk);

        cursor.skip();
        cursor.skip();

        assertThat(cursor.offset()).isEqualTo(12);
        assertThat(cursor.position()).isEqualTo(2 * RecordCodec.chunkBytes(PAYLOAD));
        assertThat(cursor.next()).isEqualTo(new WalRecord(1, 12, PAYLOAD));
        assertThat(cursor.hasNext()).isFalse();
    }

    @Test
    void everyFlippedByteOfARecordIsDetected() {
        byte[] chunk = RecordCodec.chunkOf(42, 7, PAYLOAD);
        for (int i = Integer.BYTES; i < chunk.length; i++) {
            byte[] damaged = chunk.clone();
            damaged[i] ^= 0x01;

            assertThatThrownBy(() -> decodeAll(42, damaged))
                    .isInstanceOf(CorruptRecordException.class)
                    .hasMessage("corrupt record at offset 42: CRC mismatch");
        }
    }

    @Test
    void aDamagedLengthIsDetectedAtItsRecord() {
        byte[] chunk = chunk(5, new long[] {1, 1}, PAYLOAD, PAYLOAD);
        chunk[RecordCodec.chunkBytes(PAYLOAD)] = 0x7F;

        assertThatThrownBy(() -> decodeAll(5, chunk))
                .isInstanceOf(CorruptRecordException.class)
                .hasMessageStartingWith("corrupt record at offset 6: record of")
                .hasMessageContaining("does not fit");
        assertThatThrownBy(() -> decodeAll(5, Arrays.copyOf(chunk, chunk.length - 1)))
                .isInstanceOf(CorruptRecordException.class);
        assertThatThrownBy(() -> decodeAll(5, Arrays.copyOf(chunk, RecordCodec.chunkBytes(PAYLOAD) + 2)))
                .isInstanceOf(CorruptRecordException.class)
                .hasMessageContaining("inside the length");
    }

    @Test
    void aChunkStoredUnderAnotherOffsetIsDetected() {
        byte[] chunk = RecordCodec.chunkOf(42, 7, PAYLOAD);

        assertThatThrownBy(() -> decodeAll(43, chunk)).isInstanceOf(CorruptRecordException.class);
    }

    @Test
    void aRecordShorterThanItsHeaderIsDetected() {
        byte[] chunk = ByteBuffer.allocate(Integer.BYTES + RecordCodec.HEADER_BYTES - 1)
                .putInt(RecordCodec.HEADER_BYTES - 1).array();

        assertThatThrownBy(() -> decodeAll(3, chunk))
                .isInstanceOf(CorruptRecordException.class)
                .hasMessageContaining("does not fit");
    }

    private static byte[] chunk(long key, long[] epochs, byte[]... payloads) {
        ByteBuffer chunk = ByteBuffer.allocate(Arrays.stream(payloads).mapToInt(RecordCodec::chunkBytes).sum());
        for (int i = 0; i < payloads.length; i++) {
            RecordCodec.put(chunk, key + i, epochs[i], payloads[i]);
        }
        return chunk.array();
    }

    private static List<WalRecord> decodeAll(long key, byte[] chunk) throws CorruptRecordException {
        List<WalRecord> records = new ArrayList<>();
        RecordCodec.Cursor cursor = new RecordCodec.Cursor(key, chunk);
        while (cursor.hasNext()) {
            records.add(cursor.next());
        }
        return records;
    }
}
