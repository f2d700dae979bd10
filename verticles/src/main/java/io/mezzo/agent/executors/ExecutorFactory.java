package io.mezzo.agent.executors;

import io.vertx.core.Deployable;

/** Makes the verticle of one executor run; one factory per {@link ExecutorKind}. */
@FunctionalInterface
public interface ExecutorFactory {
  Deployable create(ExecutorRunSpec spec);
}
