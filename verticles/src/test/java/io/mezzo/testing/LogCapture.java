package io.mezzo.testing;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.util.List;
import org.slf4j.LoggerFactory;

/**
 * Records what every logger writes while it is open, for tests that assert what a node does
 * (not) log: e.g. that hostile requests leave no stack trace behind.
 */
public final class LogCapture implements AutoCloseable {
  private final Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
  private final ListAppender<ILoggingEvent> appender = new ListAppender<>();

  private LogCapture() {
    appender.start();
    root.addAppender(appender);
  }

  public static LogCapture start() {
    return new LogCapture();
  }

  // AppenderBase appends while holding the appender's lock: reading under it sees whole events.

  /** The events at {@code level} or above so far. */
  public List<ILoggingEvent> atLeast(Level level) {
    synchronized (appender) {
      return appender.list.stream().filter(event -> event.getLevel().isGreaterOrEqual(level)).toList();
    }
  }

  /** The events that carry a stack trace so far. */
  public List<ILoggingEvent> withStackTraces() {
    synchronized (appender) {
      return appender.list.stream().filter(event -> event.getThrowableProxy() != null).toList();
    }
  }

  @Override
  public void close() {
    root.detachAppender(appender);
    appender.stop();
  }
}
