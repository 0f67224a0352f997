package io.quire.wal.mapdb;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.module.ModuleDescriptor;
import java.lang.module.ModuleDescriptor.Requires;
import java.lang.module.ModuleFinder;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The module descriptor changes only on purpose: what the plugin requires and what it provides. */
class ModuleDescriptorTest {

    @Test
    void providesTheWalProviderAndRequiresWhatMapDbLoadsAtRunTime() throws Exception {
        // The plugin's own classes (a directory or the jar), not the first module-info.class on the class path.
        Path classes = Path.of(MapDbWalProvider.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        ModuleDescriptor descriptor = ModuleFinder.of(classes).findAll().iterator().next().descriptor();

        assertThat(descriptor.name()).isEqualTo("io.quire.wal.mapdb");
        assertThat(descriptor.exports()).isEmpty();
        assertThat(descriptor.requires()).extracting(Requires::name).containsExactlyInAnyOrder(
                "java.base", "io.quire.spi", "mapdb", "kotlin.stdlib", "com.google.common", "org.slf4j");
        assertThat(descriptor.provides()).singleElement().satisfies(provides -> {
            assertThat(provides.service()).isEqualTo("io.quire.spi.wal.WalProvider");
            assertThat(provides.providers()).containsExactly(MapDbWalProvider.class.getName());
        });
    }
}
