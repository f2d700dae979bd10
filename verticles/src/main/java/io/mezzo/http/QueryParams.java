package io.mezzo.http;

import io.mezzo.bus.Refusal;
import io.vertx.ext.web.RoutingContext;
import java.util.List;

/** Reading query parameters the way every Mezzo endpoint does. */
public final class QueryParams {
  private QueryParams() {}

  /**
   * The value of query parameter {@code name}, given at most once; null when absent.
   *
   * @throws Refusal (400) when it is given more than once: which one was meant is a guess
   */
  public static String single(RoutingContext context, String name) {
    List<String> values = context.queryParam(name);
    if (values.size() > 1) {
      throw Refusal.badRequest("Give " + name + " once");
    }
    return values.isEmpty() ? null : values.get(0);
  }
}
