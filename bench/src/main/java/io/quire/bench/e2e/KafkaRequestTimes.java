package io.quire.bench.e2e;

import java.io.IOException;
import javax.management.JMException;
import javax.management.MBeanServerConnection;
import javax.management.ObjectName;
import javax.management.remote.JMXConnector;
import javax.management.remote.JMXConnectorFactory;
import javax.management.remote.JMXServiceURL;

/**
 * Kafka's own timing of the CreateTopics requests one broker served: its request metric
 * {@code kafka.network:type=RequestMetrics,name=TotalTimeMs,request=CreateTopics}, from the request's
 * arrival to its answer leaving, read over JMX (Kafka's nodes run with JMX on a loopback port, as
 * kafka-run-class.sh starts them when JMX_PORT is set). The histogram's percentiles come from a
 * reservoir that also holds the warm-up's requests; its count and mean cover every request, so two
 * readings give the exact mean of the requests between them.
 *
 * <p>A node that is broker and active controller at once counts each create twice: once as its
 * broker serves the client, once as its controller serves the request the broker forwards to it.
 * The broker's own time then includes the controller's, so the broker's mean lies between the
 * mean of the two and twice it ({@link CompareReport} checks against that range).
 */
final class KafkaRequestTimes implements AutoCloseable {

    private static final String CREATE_TOPICS_TOTAL_TIME =
            "kafka.network:type=RequestMetrics,name=TotalTimeMs,request=CreateTopics";

    /** One reading: requests served since the broker started, and their mean total time in milliseconds. */
    record Reading(long count, double meanMillis) {

        /** The mean, in microseconds, of the requests served after {@code before} and up to this reading. */
        double meanMicrosSince(Reading before) {
            return (count * meanMillis - before.count * before.meanMillis) / (count - before.count) * 1_000;
        }
    }

    private final JMXConnector connector;
    private final MBeanServerConnection server;

    KafkaRequestTimes(String host, int jmxPort) throws IOException {
        JMXServiceURL url = new JMXServiceURL("service:jmx:rmi:///jndi/rmi://" + host + ":" + jmxPort + "/jmxrmi");
        connector = JMXConnectorFactory.connect(url);
        server = connector.getMBeanServerConnection();
    }

    Reading createTopics() throws IOException, JMException {
        ObjectName name = new ObjectName(CREATE_TOPICS_TOTAL_TIME);
        return new Reading(((Number) server.getAttribute(name, "Count")).longValue(),
                ((Number) server.getAttribute(name, "Mean")).doubleValue());
    }

    @Override
    public void close() throws IOException {
        connector.close();
    }
}
