package io.quire.kafka.server;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.AppenderBase;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.slf4j.LoggerFactory;

/** Collects the events one logger emits while it is open; thread-safe, since servers log on their own threads. */
final class LogCapture extends AppenderBase<ILoggingEvent> implements AutoCloseable {

    private final Logger logger;
    private final List<ILoggingEvent> events = new CopyOnWriteArrayList<>();

    private LogCapture(Logger logger) {
        this.logger = logger;
    }

    static LogCapture of(Class<?> loggerClass) {
        LogCapture capture = new LogCapture((Logger) LoggerFactory.getLogger(loggerClass));
        capture.setContext(capture.logger.getLoggerContext());
        capture.start();
        capture.logger.addAppender(capture);
        return capture;
    }

    @Override
    protected void append(ILoggingEvent event) {
        events.add(event);
    }

    /** The formatted messages logged so far, oldest first, each prefixed with its level. */
    List<String> messages() {
        return events.stream().map(e -> e.getLevel() + " " + e.getFormattedMessage()).toList();
    }

    @Override
    public void close() {
        logger.detachAppender(this);
        stop();
    }
}
