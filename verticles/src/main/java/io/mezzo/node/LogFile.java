package io.mezzo.node;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.core.Appender;
import ch.qos.logback.core.FileAppender;
import java.nio.file.Path;
import java.util.Iterator;
import org.slf4j.LoggerFactory;

/**
 * The file this JVM logs to, if any: the file of the first logback {@code FileAppender} (or
 * rolling one) of the root logger. Mezzo's default configuration logs to stderr only, so
 * there is none until an operator configures one, as Mesos writes no log file without
 * {@code --log_dir}.
 */
public final class LogFile {
  private LogFile() {}

  /** The log file's path as configured, or null when this JVM writes none. */
  public static Path current() {
    Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    for (Iterator<Appender<ch.qos.logback.classic.spi.ILoggingEvent>> it = root.iteratorForAppenders(); it.hasNext(); ) {
      if (it.next() instanceof FileAppender<?> file && file.isStarted() && file.getFile() != null) {
        return Path.of(file.getFile()).toAbsolutePath().normalize();
      }
    }
    return null;
  }
}
