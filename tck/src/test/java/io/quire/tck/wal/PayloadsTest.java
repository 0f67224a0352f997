package io.quire.tck.wal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** The kit's payloads tell a record that was written from one that was damaged or invented. */
class PayloadsTest {

    @Test
    void aWrittenPayloadIsGenuineAndNamesItsWriter() {
        byte[] payload = Payloads.of(3, 17);

        assertThat(Payloads.isGenuine(payload)).isTrue();
        assertThat(Payloads.idOf(payload)).hasValue("w=3 s=17");
        assertThat(Payloads.of(3, 17)).isEqualTo(payload);
    }

    @Test
    void aFlippedByteAPayloadCutShortAndForeignBytesAreNotGenuine() {
        byte[] payload = Payloads.of(1, 2, 300);
        byte[] flipped = payload.clone();
        flipped[250] ^= 1;

        assertThat(Payloads.isGenuine(flipped)).isFalse();
        assertThat(Payloads.isGenuine(Arrays.copyOf(payload, 299))).isFalse();
        assertThat(Payloads.isGenuine(new byte[0])).isFalse();
        assertThat(Payloads.isGenuine(new byte[300])).isFalse();
    }
}
