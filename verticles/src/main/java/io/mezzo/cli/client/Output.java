package io.mezzo.cli.client;

import java.util.Locale;
import picocli.CommandLine;

/** What {@code -o} asks a listing command for: a table for people, or JSON for scripts. */
public enum Output {
  TABLE,
  JSON;

  /** Reads {@code table} or {@code json}, in any case. */
  public static final class Converter implements CommandLine.ITypeConverter<Output> {
    @Override
    public Output convert(String value) {
      try {
        return Output.valueOf(value.trim().toUpperCase(Locale.ROOT));
      } catch (IllegalArgumentException e) {
        throw new CommandLine.TypeConversionException("expected table or json, not '" + value + "'");
      }
    }
  }
}
