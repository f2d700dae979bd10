package io.mezzo.node;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.Objects;
import org.slf4j.LoggerFactory;

/**
 * The verbosity of Mezzo's own logging ({@code io.mezzo.*}), as Mesos's operator API sets it:
 * a glog verbosity level held for a while, after which the configured level comes back.
 * Level 0 is the configured level (INFO by default), 1 is DEBUG, 2 and above TRACE.
 *
 * <p>Logback's levels belong to the JVM, so this state is the JVM's too (several nodes of
 * one {@code mezzo local} share it): the latest change wins, and only its timer reverts.
 */
public final class LogVerbosity {
  /** The logger whose level the verbosity sets: every Mezzo class logs below it. */
  static final String LOGGER = "io.mezzo";

  private static final Object LOCK = new Object();
  /** Whether a change holds now. */
  private static boolean changed;
  /** The logger's own level before the first change (null: inherited), which comes back. */
  private static Level configured;
  private static int level;
  /** Counts changes, so that a timer of an older change does not revert a newer one. */
  private static long generation;

  private LogVerbosity() {}

  /** The verbosity now: what was set while it holds, else what the configured level amounts to. */
  public static int level() {
    synchronized (LOCK) {
      if (changed) {
        return level;
      }
      Level effective = logger().getEffectiveLevel();
      return effective.isGreaterOrEqual(Level.INFO) ? 0 : effective.isGreaterOrEqual(Level.DEBUG) ? 1 : 2;
    }
  }

  /**
   * Sets verbosity {@code newLevel} for {@code duration}, then brings the configured level
   * back (a timer on {@code vertx}, whatever the level meanwhile, unless a later change
   * came).
   */
  public static void set(Vertx vertx, int newLevel, Duration duration) {
    Objects.requireNonNull(vertx, "vertx");
    if (newLevel < 0) {
      throw new IllegalArgumentException("level must not be negative: " + newLevel);
    }
    long mine;
    synchronized (LOCK) {
      Logger logger = logger();
      if (!changed) {
        configured = logger.getLevel();
        changed = true;
      }
      level = newLevel;
      mine = ++generation;
      logger.setLevel(newLevel == 0 ? configured : newLevel == 1 ? Level.DEBUG : Level.TRACE);
    }
    vertx.setTimer(Math.max(1, duration.toMillis()), id -> revert(mine));
  }

  private static void revert(long change) {
    synchronized (LOCK) {
      if (change != generation || !changed) {
        return;
      }
      logger().setLevel(configured);
      changed = false;
      level = 0;
    }
  }

  private static Logger logger() {
    return (Logger) LoggerFactory.getLogger(LOGGER);
  }
}
