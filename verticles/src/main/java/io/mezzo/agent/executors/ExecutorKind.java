package io.mezzo.agent.executors;

/** The kinds of executor verticle an agent deploys, one verticle per executor run. */
public enum ExecutorKind {
  /** Runs one command task (a task without an executor); its executor ID is the task ID. */
  COMMAND,
  /** Runs task groups (ExecutorInfo type DEFAULT) with Mesos's default-executor semantics. */
  DEFAULT,
  /** Supervises the framework's executor process (ExecutorInfo type CUSTOM). */
  CUSTOM
}
