/** The Kafka protocol listener: decodes requests with kafka-clients' generated messages and answers them. */
module io.quire.kafka {
    requires transitive io.quire.core;
    requires kafka.clients;
    requires io.netty.buffer;
    requires io.netty.codec;
    requires io.netty.common;
    requires io.netty.transport;
    requires org.slf4j;

    exports io.quire.kafka.server;
}
