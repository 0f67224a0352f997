package io.quire.kafka.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.quire.kafka.server.KafkaWireClient.Sent;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import org.apache.kafka.common.message.ApiVersionsResponseData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.Errors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** ApiVersions advertises exactly what is served, and lets a newer client downgrade (KIP-511). */
class ApiVersionsTest {

    @TempDir
    static Path dataDir;

    private static TestNode node;

    @BeforeAll
    static void startNode() throws IOException {
        node = TestNode.start(dataDir);
    }

    @AfterAll
    static void stopNode() {
        node.close();
    }

    @Test
    void advertisesExactlyTheServedApisWithEveryVersionKafkaClientsCanParse() throws IOException {
        try (KafkaWireClient client = node.connect()) {
            Map<ApiKeys, Requests.VersionRange> advertised = Requests.advertised(client);

            assertThat(advertised.keySet()).containsExactlyInAnyOrderElementsOf(Requests.SERVED);
            advertised.forEach((key, range) -> {
                assertThat(range.min()).as("%s min version", key).isEqualTo(key.oldestVersion());
                assertThat(range.max()).as("%s max version", key).isEqualTo(key.latestVersion());
            });
        }
    }

    @ParameterizedTest(name = "ApiVersions v{0}")
    @ValueSource(shorts = {6, 42, Short.MAX_VALUE})
    void versionAboveLatestGetsUnsupportedVersionAsVersionZeroResponseAndConnectionStaysUsable(short version)
            throws IOException {
        assertThat(version).isGreaterThan(ApiKeys.API_VERSIONS.latestVersion());
        try (KafkaWireClient client = node.connect()) {
            Sent tooNew = client.send(ApiKeys.API_VERSIONS, version, Requests.apiVersions());

            // A client that does not know the server's versions reads the answer as version 0,
            // header included.
            KafkaWireClient.Received downgrade = client.receive(ApiKeys.API_VERSIONS, (short) 0);
            assertThat(downgrade.correlationId()).isEqualTo(tooNew.correlationId());
            ApiVersionsResponseData refused = (ApiVersionsResponseData) downgrade.body();
            assertThat(refused.errorCode()).isEqualTo(Errors.UNSUPPORTED_VERSION.code()).isEqualTo((short) 35);
            ApiVersionsResponseData.ApiVersion apiVersions = refused.apiKeys().find(ApiKeys.API_VERSIONS.id);
            assertThat(apiVersions).as("the ApiVersions range the client should retry within").isNotNull();
            assertThat(apiVersions.maxVersion()).isLessThan(version);

            ApiVersionsResponseData retried = client.call(ApiKeys.API_VERSIONS, apiVersions.maxVersion(),
                    Requests.apiVersions(), ApiVersionsResponseData.class);
            assertThat(Errors.forCode(retried.errorCode())).isEqualTo(Errors.NONE);
            assertThat(retried.apiKeys()).hasSize(Requests.SERVED.size());
        }
    }
}
