package io.quire.launcher.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.quire.spi.plugin.ConfigException;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EnvironmentReferencesTest {

    private static final Map<String, String> ENVIRONMENT = Map.of("QUIRE_SECRET", "s3cr3t-from-the-environment");

    @Test
    void aWholeValueReferenceTakesTheVariablesValue() {
        assertThat(EnvironmentReferences.expand("replication.tcp.secret", "${env:QUIRE_SECRET}", ENVIRONMENT))
                .isEqualTo("s3cr3t-from-the-environment");
    }

    @Test
    void otherValuesStayAsTheyAre() {
        assertThat(EnvironmentReferences.expand("cluster.id", "prefix-${env:QUIRE_SECRET}", ENVIRONMENT))
                .isEqualTo("prefix-${env:QUIRE_SECRET}");
        assertThat(EnvironmentReferences.expand("kafka.port", 9092, ENVIRONMENT)).isEqualTo(9092);
    }

    @Test
    void aMissingVariableNamesTheKeyAndTheVariable() {
        assertThatThrownBy(() -> EnvironmentReferences.expand("replication.tcp.secret", "${env:UNSET_VARIABLE}",
                ENVIRONMENT))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("'replication.tcp.secret'")
                .hasMessageContaining("UNSET_VARIABLE");
    }
}
