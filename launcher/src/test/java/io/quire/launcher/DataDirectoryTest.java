package io.quire.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.quire.launcher.wiring.RunningNode;
import io.quire.spi.plugin.ConfigException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A node refuses a data directory it cannot use, naming the key. */
class DataDirectoryTest {

    @TempDir
    Path dir;

    @Test
    void aDataDirThatCannotBeCreatedNamesTheKey() throws Exception {
        Path file = Files.writeString(dir.resolve("a-file"), "not a directory");
        assertThatThrownBy(() -> TestNodes.start(file.resolve("data")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("'data.dir'")
                .hasMessageContaining("cannot create directory");
    }

    @Test
    void aDataDirInUseByAnotherNodeIsRefused() throws Exception {
        Path data = dir.resolve("shared");
        try (RunningNode first = TestNodes.start(data)) {
            assertThatThrownBy(() -> TestNodes.start(data))
                    .isInstanceOf(ConfigException.class)
                    .hasMessageContaining("'data.dir'")
                    .hasMessageContaining("in use by another Quire process");
            assertThat(first.engine().view().brokers()).hasSize(1);
        }
        try (RunningNode again = TestNodes.start(data)) {
            assertThat(again.engine().view().brokers()).hasSize(1);
        }
    }
}
