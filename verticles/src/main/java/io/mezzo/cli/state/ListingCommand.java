package io.mezzo.cli.state;

import io.mezzo.cli.client.ClientCommand;
import io.mezzo.cli.client.MasterClient;
import io.mezzo.cli.client.Output;
import io.mezzo.cli.client.Style;
import io.mezzo.cli.client.TextTable;
import io.vertx.core.json.JsonArray;
import java.io.PrintStream;
import picocli.CommandLine.Option;

/**
 * The base of {@code mezzo tasks|agents|frameworks}: one read of {@code /master/state},
 * printed as a table, or with {@code -o json} as the JSON array of what is listed.
 */
abstract class ListingCommand extends ClientCommand {
  @Option(names = {"-o", "--output"}, paramLabel = "FORMAT", defaultValue = "table", converter = Output.Converter.class,
      description = "table (default) or json: the entries of /master/state as a JSON array.")
  Output output = Output.TABLE;

  @Override
  protected final int run(MasterClient client, Style style) {
    ClusterState state = new ClusterState(client.getJson("/master/state"));
    PrintStream out = System.out;
    if (output == Output.JSON) {
      out.println(json(state).encodePrettily());
      return 0;
    }
    TextTable table = table(state, style, System.currentTimeMillis() / 1000.0);
    if (table.isEmpty()) {
      out.println(empty());
    } else {
      table.print(out, style::bold);
    }
    return 0;
  }

  /** What {@code -o json} prints. */
  abstract JsonArray json(ClusterState state);

  abstract TextTable table(ClusterState state, Style style, double nowSeconds);

  /** The line printed instead of an empty table. */
  abstract String empty();
}
