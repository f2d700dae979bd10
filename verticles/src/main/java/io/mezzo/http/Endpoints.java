package io.mezzo.http;

import io.vertx.ext.web.Router;

/** A group of HTTP endpoints that mounts its routes on a node's router. */
public interface Endpoints {
  void mount(Router router);
}
