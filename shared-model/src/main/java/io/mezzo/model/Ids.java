package io.mezzo.model;

import java.util.regex.Pattern;

/**
 * Rules for the IDs of frameworks, agents, tasks, executors and offers. IDs become parts of
 * event-bus addresses and sandbox paths, so they are restricted to characters that are safe
 * in both and can never be {@code .} or {@code ..}.
 */
public final class Ids {
  public static final int MAX_LENGTH = 255;

  private static final Pattern SAFE = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_.:@-]*");

  private Ids() {}

  /** Whether {@code id} may be used as an ID. */
  public static boolean isValid(String id) {
    return id != null && !id.isEmpty() && id.length() <= MAX_LENGTH && SAFE.matcher(id).matches();
  }

  /** Why {@code id} is not a valid {@code what} ID, or null when it is. */
  public static String problem(String what, String id) {
    if (id == null || id.isEmpty()) {
      return what + " ID is missing";
    }
    if (id.length() > MAX_LENGTH) {
      return what + " ID is longer than " + MAX_LENGTH + " characters";
    }
    if (!SAFE.matcher(id).matches()) {
      return what + " ID '" + id + "' may hold only letters, digits and _ . : @ - and must not start with . : @ -";
    }
    return null;
  }
}
