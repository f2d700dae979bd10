package io.mezzo.model;

/**
 * Thrown when a resource string, a resource message or an attribute does not describe a
 * valid set of resources. The message names the offending part so it can be shown to the
 * person or program that sent it.
 */
public final class InvalidResourcesException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;

  public InvalidResourcesException(String message) {
    super(message);
  }
}
