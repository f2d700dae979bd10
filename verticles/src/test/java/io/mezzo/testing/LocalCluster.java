package io.mezzo.testing;

import io.mezzo.agent.AgentConfig;
import io.mezzo.agent.AgentVerticle;
import io.mezzo.leader.SoloContender;
import io.mezzo.master.MasterConfig;
import io.mezzo.master.MasterNode;
import io.mezzo.model.Resources;
import io.mezzo.state.StateStoreFactory;
import io.mezzo.v1.master.Response;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A whole cluster in the test's Vert.x: one master (with its allocator) and agents, each
 * with its own work dir and fixed resources. Timeouts are short so that tests of liveness
 * and retries run in seconds. Closing it kills every task process it started.
 */
public final class LocalCluster implements AutoCloseable {
  /** Every server of a test cluster listens on loopback, on a free port. */
  public static final String HOST = "127.0.0.1";

  private final Vertx vertx;
  private final Path dir;
  private final MasterConfig masterConfig;
  private MasterNode master;
  private final List<String> agentDeployments = new ArrayList<>();
  private final List<AgentVerticle> agents = new ArrayList<>();
  private final List<Path> agentDirs = new ArrayList<>();
  private final List<JsonObject> agentConfigs = new ArrayList<>();

  private LocalCluster(Vertx vertx, Path dir, MasterConfig masterConfig, MasterNode master) {
    this.vertx = vertx;
    this.dir = dir;
    this.masterConfig = masterConfig;
    this.master = master;
  }

  /** The master settings tests use, before a test's own overrides. */
  public static JsonObject fastMaster(Path dir) {
    return new JsonObject()
        .put("work_dir", dir.resolve("master").toString())
        .put("port", 0)
        .put("allocation_interval", "100ms")
        .put("agent_ping_interval", "200ms")
        .put("max_missed_pings", 3)
        .put("heartbeat_interval", "500ms");
  }

  /** The agent settings tests use, before a test's own overrides. */
  public static JsonObject fastAgent(Path workDir, String resources) {
    return new JsonObject()
        .put("work_dir", workDir.toString())
        .put("port", 0)
        .put("resources", resources)
        .put("registration_backoff_max", "500ms")
        .put("status_update_retry_min", "1s")
        .put("default_grace_period", "1s")
        // Test frameworks are "tester", whom the host does not know: tasks run as the agent's user.
        .put("switch_user", false);
  }

  /** Starts a master with {@code masterConfig} and one agent per resource string. */
  public static LocalCluster start(Vertx vertx, Path dir, JsonObject masterConfig, String... agentResources) {
    MasterConfig config = MasterConfig.fromJson(masterConfig);
    MasterNode master = standaloneMaster(vertx, config);
    Await.result(master.start().compose(v -> master.elected()));
    LocalCluster cluster = new LocalCluster(vertx, dir, config, master);
    for (String resources : agentResources) {
      cluster.addAgent(new JsonObject().put("resources", resources));
    }
    return cluster;
  }

  /** A master without a cluster or standbys: it always leads and keeps no replicated state. */
  private static MasterNode standaloneMaster(Vertx vertx, MasterConfig config) {
    return new MasterNode(vertx, config, HOST, new SoloContender(vertx, config.workDir()), StateStoreFactory.none(), () -> null);
  }

  public static LocalCluster start(Vertx vertx, Path dir, String... agentResources) {
    return start(vertx, dir, fastMaster(dir), agentResources);
  }

  /** Starts one more agent; {@code overrides} go over the fast defaults. Waits until it is registered. */
  public AgentVerticle addAgent(JsonObject overrides) {
    Path workDir = Path.of(overrides.getString("work_dir", dir.resolve("agent-" + agents.size()).toString()));
    JsonObject json = fastAgent(workDir, overrides.getString("resources", "cpus:4;mem:4096"));
    json.mergeIn(overrides);
    AgentVerticle agent = new AgentVerticle(AgentConfig.fromJson(json), HOST);
    agentDeployments.add(Await.result(vertx.deployVerticle(agent)));
    agents.add(agent);
    agentDirs.add(workDir);
    agentConfigs.add(json);
    Await.until("agent " + agent.agentId() + " registered", Await.DEFAULT, () -> agentView(agent.agentId()) != null);
    return agent;
  }

  /**
   * Starts agent {@code index} again, after {@link #stopAgent}, on the same work dir and
   * settings, as after a crash; waits until it is registered again.
   */
  public AgentVerticle restartAgent(int index) {
    AgentVerticle agent = new AgentVerticle(AgentConfig.fromJson(agentConfigs.get(index)), HOST);
    agentDeployments.set(index, Await.result(vertx.deployVerticle(agent)));
    agents.set(index, agent);
    Await.until("agent " + agent.agentId() + " registered again", Await.DEFAULT, agent::registered);
    return agent;
  }

  public AgentVerticle agent(int index) {
    return agents.get(index);
  }

  public Path agentDir(int index) {
    return agentDirs.get(index);
  }

  /** Undeploys an agent as if it crashed: its tasks are left running and it stops answering. */
  public void stopAgent(int index) {
    Await.result(vertx.undeploy(agentDeployments.get(index)));
  }

  public MasterNode master() {
    return master;
  }

  /**
   * Stops the master and starts a new one on the same work dir, as after a crash of a
   * single master: the new one has a higher epoch and knows nothing until agents and
   * frameworks come back.
   */
  public void restartMaster() {
    Await.result(master.stop());
    master = standaloneMaster(vertx, masterConfig);
    Await.result(master.start().compose(v -> master.elected()));
  }

  /** The operator's view of the cluster. */
  public Response.GetState state() {
    return MasterQueries.state(vertx);
  }

  /** The operator's view of one agent, or null when the master does not know it. */
  public Response.GetAgents.Agent agentView(String agentId) {
    return MasterQueries.agent(vertx, agentId);
  }

  /** Resources used by tasks, summed over reachable agents. */
  public Resources usedResources() {
    return MasterQueries.usedResources(vertx);
  }

  /** Total resources of reachable agents. */
  public Resources totalResources() {
    return MasterQueries.totalResources(vertx);
  }

  /** The sandbox of a task run by agent {@code index}; fails when there is none or several. */
  public Path sandbox(int index, String taskId) {
    return TaskProcesses.sandbox(agentDirs.get(index), taskId);
  }

  @Override
  public void close() {
    for (int i = 0; i < agentDeployments.size(); i++) {
      try {
        Await.result(vertx.undeploy(agentDeployments.get(i)));
      } catch (AssertionError alreadyStopped) {
        // stopAgent undeployed it.
      }
    }
    Await.result(master.stop());
    agentDirs.forEach(TaskProcesses::killAll);
  }
}
