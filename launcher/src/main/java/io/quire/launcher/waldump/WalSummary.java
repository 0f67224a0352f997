package io.quire.launcher.waldump;

import java.nio.file.Path;
import java.util.OptionalLong;

/**
 * What the dump of one WAL found.
 *
 * @param records the records shown (from {@code --from} on)
 * @param firstOffset the offset of the first record shown, empty when none was
 * @param lastOffset the offset of the last record shown, empty when none was
 * @param mismatches the records shown whose checksum does not match
 * @param undecodable the records shown whose payload does not decode
 * @param damages the places reported where the files are not an intact log
 * @param cutAt the offset of the first damage: where a node opening this WAL cuts its log
 */
record WalSummary(String plugin, Path dir, long records, OptionalLong firstOffset, OptionalLong lastOffset,
        long mismatches, long undecodable, long damages, OptionalLong cutAt) {

    boolean intact() {
        return damages == 0 && mismatches == 0 && undecodable == 0;
    }
}
