package io.mezzo.http;

import io.vertx.ext.web.Router;

/** A group of HTTP endpoints that mounts its routes on a node's router. */
public interface Endpoints {
  void mount(Router router);

  /** Ends what the group holds open (streams), when its server stops; most hold nothing. */
  default void close() {}
}
