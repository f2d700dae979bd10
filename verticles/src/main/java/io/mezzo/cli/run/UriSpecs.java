package io.mezzo.cli.run;

import io.mezzo.model.FetchUris;
import io.mezzo.v1.CommandInfo;
import java.util.ArrayList;
import java.util.List;

/**
 * The URIs {@code mezzo run} gives its tasks, written {@code URL[,extract][,cache][,executable]
 * [,output_file=NAME]}: each word after a comma sets that option of the URI before it. The
 * words may also come as separate items (an environment variable split at its commas), so a
 * list is read as one stream: a known option applies to the URI before it, anything else is
 * the next URI. A URI extracts only when {@code extract} is given.
 */
public final class UriSpecs {
  private UriSpecs() {}

  /**
   * The URIs {@code specs} describe, each checked as the master will check it.
   *
   * @throws IllegalArgumentException naming the spec that is not valid
   */
  public static List<CommandInfo.URI> parse(List<String> specs) {
    List<CommandInfo.URI.Builder> uris = new ArrayList<>();
    for (String spec : specs) {
      for (String word : spec.split(",")) {
        String item = word.trim();
        if (item.isEmpty()) {
          continue;
        }
        CommandInfo.URI.Builder last = uris.isEmpty() ? null : uris.get(uris.size() - 1);
        if (!option(last, item)) {
          uris.add(CommandInfo.URI.newBuilder().setValue(item).setExtract(false));
        }
      }
    }
    List<CommandInfo.URI> built = new ArrayList<>();
    for (CommandInfo.URI.Builder uri : uris) {
      String problem = FetchUris.problem(uri.build());
      if (problem != null) {
        throw new IllegalArgumentException(problem);
      }
      built.add(uri.build());
    }
    return built;
  }

  private static boolean option(CommandInfo.URI.Builder uri, String item) {
    boolean known = item.equals("extract") || item.equals("cache") || item.equals("executable")
        || item.startsWith("output_file=");
    if (!known) {
      return false;
    }
    if (uri == null) {
      throw new IllegalArgumentException("'" + item + "' comes before any URI; write URL,extract,cache");
    }
    switch (item) {
      case "extract" -> uri.setExtract(true);
      case "cache" -> uri.setCache(true);
      case "executable" -> uri.setExecutable(true);
      default -> uri.setOutputFile(item.substring("output_file=".length()));
    }
    return true;
  }
}
