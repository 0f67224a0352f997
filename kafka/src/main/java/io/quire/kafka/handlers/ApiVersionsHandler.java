package io.quire.kafka.handlers;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.common.message.ApiVersionsRequestData;
import org.apache.kafka.common.message.ApiVersionsResponseData;
import org.apache.kafka.common.message.ApiVersionsResponseData.ApiVersion;
import org.apache.kafka.common.message.ApiVersionsResponseData.ApiVersionCollection;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.ApiMessage;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.protocol.Readable;
import org.apache.kafka.common.requests.RequestHeader;

/** Advertises exactly the APIs and versions this listener serves. */
final class ApiVersionsHandler implements ApiHandler {

    private final List<ApiHandler> served;

    ApiVersionsHandler(List<ApiHandler> others) {
        this.served = others;
    }

    @Override
    public ApiKeys apiKey() {
        return ApiKeys.API_VERSIONS;
    }

    @Override
    public CompletableFuture<ApiMessage> handle(RequestHeader header, Readable body) {
        new ApiVersionsRequestData(body, header.apiVersion());
        return CompletableFuture.completedFuture(response(Errors.NONE));
    }

    /**
     * The answer to an ApiVersions request of a version this listener does not know: the error
     * and the supported versions, which the client reads as version 0 (KIP-511).
     */
    ApiVersionsResponseData unsupportedVersion() {
        return response(Errors.UNSUPPORTED_VERSION);
    }

    private ApiVersionsResponseData response(Errors error) {
        ApiVersionCollection versions = new ApiVersionCollection();
        versions.add(versionOf(this));
        for (ApiHandler handler : served) {
            versions.add(versionOf(handler));
        }
        return new ApiVersionsResponseData()
                .setErrorCode(error.code())
                .setApiKeys(versions)
                .setThrottleTimeMs(0);
    }

    private static ApiVersion versionOf(ApiHandler handler) {
        return new ApiVersion()
                .setApiKey(handler.apiKey().id)
                .setMinVersion(handler.oldestVersion())
                .setMaxVersion(handler.latestVersion());
    }
}
