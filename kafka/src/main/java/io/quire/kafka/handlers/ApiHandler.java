package io.quire.kafka.handlers;

import java.util.concurrent.CompletableFuture;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.ApiMessage;
import org.apache.kafka.common.protocol.Readable;
import org.apache.kafka.common.requests.RequestHeader;

/** Serves one Kafka API: reads the request body and produces the response body. */
public interface ApiHandler {

    ApiKeys apiKey();

    /** The lowest version served. */
    default short oldestVersion() {
        return apiKey().oldestVersion();
    }

    /** The highest version served. */
    default short latestVersion() {
        return apiKey().latestVersion(false);
    }

    /**
     * Answers a request whose version lies in the served range. Called on the connection's event
     * loop: must not block.
     */
    CompletableFuture<ApiMessage> handle(RequestHeader header, Readable body);
}
