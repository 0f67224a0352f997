package io.quire.spi.log;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

class RateLimitedWarningsTest {

    private final Logger logger = (Logger) LoggerFactory.getLogger(RateLimitedWarningsTest.class);
    private final ListAppender<ILoggingEvent> lines = new ListAppender<>();
    private final AtomicLong clock = new AtomicLong();
    private final RateLimitedWarnings warnings =
            new RateLimitedWarnings(logger, 3, Duration.ofSeconds(60), clock::get);

    RateLimitedWarningsTest() {
        lines.start();
        logger.addAppender(lines);
    }

    @AfterEach
    void detach() {
        logger.detachAppender(lines);
    }

    @Test
    void logsTheFirstOfAWindowAndCountsTheRestWithTheNextWindowsFirst() {
        for (int i = 0; i < 10; i++) {
            warnings.warn("refused connection {}", i);
        }
        assertThat(lines.list).extracting(ILoggingEvent::getFormattedMessage)
                .containsExactly("refused connection 0", "refused connection 1", "refused connection 2");

        clock.addAndGet(Duration.ofSeconds(60).toNanos());
        warnings.warn("refused connection {}", 10);

        assertThat(lines.list).extracting(ILoggingEvent::getFormattedMessage).endsWith(
                "7 more warnings like the next one were not logged (at most 3 per 60 s)", "refused connection 10");
    }

    @Test
    void aQuietWindowLogsNoCount() {
        warnings.warn("refused connection {}", 1);
        clock.addAndGet(Duration.ofMinutes(5).toNanos());
        warnings.warn("refused connection {}", 2);

        assertThat(lines.list).extracting(ILoggingEvent::getFormattedMessage)
                .containsExactly("refused connection 1", "refused connection 2");
    }
}
