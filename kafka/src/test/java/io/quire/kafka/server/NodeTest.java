package io.quire.kafka.server;

import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/** A test against one fresh node per test, through one wire client connected to it. */
abstract class NodeTest {

    @TempDir
    Path dataDir;

    TestNode node;
    KafkaWireClient client;

    @BeforeEach
    void startNode() throws IOException {
        node = TestNode.start(dataDir);
        client = node.connect();
    }

    @AfterEach
    void stopNode() throws IOException {
        client.close();
        node.close();
    }
}
