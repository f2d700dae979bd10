package io.mezzo.master.core;

import static io.mezzo.master.core.Fixtures.inState;
import static io.mezzo.master.core.Fixtures.offer;
import static io.mezzo.master.core.Fixtures.res;
import static io.mezzo.master.core.Fixtures.task;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mezzo.model.Resources;
import io.mezzo.v1.Task;
import io.mezzo.v1.TaskState;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The master's registry: every offer and task moves resources between an agent's idle,
 * offered and used pools, and a framework's per-agent accounts, and back, exactly.
 */
class MasterStateTest {
  private static final String[] TWO_AGENTS = {"a1", "a2"};
  /** The whole ports range of an agent: both agents have it, so it must never be summed. */
  private static final String ALL_PORTS = "cpus:1;mem:256;ports:[31000-32000]";

  @Test
  void offersOfTwoAgentsWithTheSamePortsAreAccountedPerAgent() {
    MasterState state = Fixtures.state(10, 10, TWO_AGENTS, "f1");
    AgentEntry a1 = state.agent("a1");
    AgentEntry a2 = state.agent("a2");
    FrameworkEntry f1 = state.framework("f1");

    state.addOffer(offer("o1", "f1", "a1", ALL_PORTS));
    state.addOffer(offer("o2", "f1", "a2", ALL_PORTS));

    assertEquals(res(ALL_PORTS), a1.offered);
    assertEquals(res(ALL_PORTS), a2.offered);
    assertEquals(Map.of("a1", res(ALL_PORTS), "a2", res(ALL_PORTS)), f1.offeredByAgent);
    assertEquals(res("cpus:3;mem:3840;disk:1000"), a1.idle());

    // Were the two offers summed, the union of their ports would be one range, and taking
    // o1's away would take a2's ports too.
    assertSame(state.offer("o1"), state.removeOffer("o1"));

    assertEquals(Resources.empty(), a1.offered);
    assertEquals(res(ALL_PORTS), a2.offered);
    assertEquals(Map.of("a2", res(ALL_PORTS)), f1.offeredByAgent);
    assertEquals(res(Fixtures.AGENT_RESOURCES), a1.idle());
    assertNull(state.offer("o1"));
    assertNull(state.removeOffer("o1"), "an offer goes only once");
    assertTrue(a1.offers.isEmpty() && !f1.offers.containsKey("o1"));

    state.removeOffer("o2");
    assertEquals(Resources.empty(), a2.offered);
    assertTrue(f1.offeredByAgent.isEmpty(), "an emptied account leaves no entry behind");
  }

  @Test
  void tasksOfTwoAgentsWithTheSamePortsAreAccountedPerAgent() {
    MasterState state = Fixtures.state(10, 10, TWO_AGENTS, "f1");
    FrameworkEntry f1 = state.framework("f1");
    TaskEntry t1 = task("f1", "t1", "a1", ALL_PORTS);
    TaskEntry t2 = task("f1", "t2", "a2", ALL_PORTS);

    state.addTask(t1);
    state.addTask(t2);

    assertEquals(res(ALL_PORTS), state.agent("a1").used);
    assertEquals(res(ALL_PORTS), state.agent("a2").used);
    assertEquals(Map.of("a1", res(ALL_PORTS), "a2", res(ALL_PORTS)), f1.usedByAgent);

    state.releaseTask(t1);

    assertEquals(Resources.empty(), state.agent("a1").used);
    assertEquals(res(ALL_PORTS), state.agent("a2").used);
    assertEquals(Map.of("a2", res(ALL_PORTS)), f1.usedByAgent);
    assertEquals(res(ALL_PORTS), f1.used(), "the display sum still shows a2's task");
  }

  @Test
  void releasingATaskTwiceFreesItsResourcesOnce() {
    MasterState state = Fixtures.state(10, 10, TWO_AGENTS, "f1");
    TaskEntry t1 = task("f1", "t1", "a1", "cpus:1;mem:100;ports:[31000-31000]");
    TaskEntry t2 = task("f1", "t2", "a1", "cpus:2;mem:200;ports:[31001-31001]");
    state.addTask(t1);
    state.addTask(t2);

    state.releaseTask(t1);
    state.releaseTask(t1);

    assertTrue(t1.released);
    assertEquals(t2.resources, state.agent("a1").used);
    assertEquals(Map.of("a1", t2.resources), state.framework("f1").usedByAgent);
    assertFalse(state.agent("a1").tasks.containsKey(t1.key));
    // A terminal task stays with its framework until its update is acknowledged.
    assertSame(t1, state.task("f1", "t1"));
  }

  @Test
  void completedTasksMoveAsideAndOnlyTheNewestAreKept() {
    MasterState state = Fixtures.state(2, 10, TWO_AGENTS, "f1");
    FrameworkEntry f1 = state.framework("f1");
    List<TaskEntry> tasks = new ArrayList<>();
    for (int i = 1; i <= 3; i++) {
      TaskEntry entry = task("f1", "t" + i, "a1", "cpus:1;mem:100");
      state.addTask(entry);
      tasks.add(entry);
    }
    state.releaseTask(tasks.get(0)); // terminal first, acknowledged later: freed only once

    for (TaskEntry entry : tasks) {
      entry.task = inState(entry, TaskState.TASK_FINISHED);
      state.completeTask(entry);
    }

    assertTrue(f1.tasks.isEmpty());
    assertEquals(List.of("t2", "t3"), f1.completedTasks.stream().map(t -> t.getTaskId().getValue()).toList());
    assertNull(state.completedTask("f1", "t1"), "the oldest is dropped beyond the bound");
    assertEquals(TaskState.TASK_FINISHED, state.completedTask("f1", "t3").getState());
    assertNull(state.task("f1", "t3"));
    assertEquals(Resources.empty(), state.agent("a1").used);
    assertTrue(f1.usedByAgent.isEmpty());

    state.forgetCompletedTask("f1", "t3");
    assertNull(state.completedTask("f1", "t3"));
  }

  @Test
  void unreachableTaskFreesItsResourcesAndComesBackWhenRestored() {
    MasterState state = Fixtures.state(10, 10, TWO_AGENTS, "f1");
    FrameworkEntry f1 = state.framework("f1");
    TaskEntry t1 = task("f1", "t1", "a1", ALL_PORTS);
    state.addTask(t1);

    state.markTaskUnreachable(t1, inState(t1, TaskState.TASK_UNREACHABLE));

    assertEquals(Resources.empty(), state.agent("a1").used);
    assertTrue(f1.usedByAgent.isEmpty());
    assertFalse(f1.tasks.containsKey("t1"));
    assertSame(t1, f1.unreachableTasks.get("t1"));
    assertSame(t1, state.task("f1", "t1"), "an unreachable task can still be looked up");
    assertEquals(TaskState.TASK_UNREACHABLE, t1.state());

    state.restoreTask(t1, inState(t1, TaskState.TASK_RUNNING));

    assertFalse(t1.released);
    assertEquals(TaskState.TASK_RUNNING, t1.state());
    assertTrue(f1.unreachableTasks.isEmpty());
    assertSame(t1, f1.tasks.get("t1"));
    assertEquals(res(ALL_PORTS), state.agent("a1").used);
    assertEquals(Map.of("a1", res(ALL_PORTS)), f1.usedByAgent);

    // And round again, this time ending while unreachable.
    state.markTaskUnreachable(t1, inState(t1, TaskState.TASK_UNREACHABLE));
    t1.task = inState(t1, TaskState.TASK_GONE);
    state.completeTask(t1);
    assertTrue(f1.unreachableTasks.isEmpty());
    assertNull(state.task("f1", "t1"));
    assertEquals(TaskState.TASK_GONE, state.completedTask("f1", "t1").getState());
    assertEquals(Resources.empty(), state.agent("a1").used);
  }

  @Test
  void aFrameworkIsRemovedOnlyOnceItHoldsNothing() {
    MasterState state = Fixtures.state(10, 1, TWO_AGENTS, "f1", "f2");
    FrameworkEntry f1 = state.framework("f1");
    f1.streamId = "stream-1";

    state.addOffer(offer("o1", "f1", "a1", "cpus:1"));
    assertThrows(IllegalStateException.class, () -> state.removeFramework(f1, 2_000));
    state.removeOffer("o1");

    TaskEntry t1 = task("f1", "t1", "a1", "cpus:1");
    state.addTask(t1);
    assertThrows(IllegalStateException.class, () -> state.removeFramework(f1, 2_000));
    state.markTaskUnreachable(t1, inState(t1, TaskState.TASK_UNREACHABLE));
    IllegalStateException held = assertThrows(IllegalStateException.class, () -> state.removeFramework(f1, 2_000));
    assertTrue(held.getMessage().contains("f1"), held.getMessage());
    assertNotNull(state.framework("f1"), "a refused removal changes nothing");
    assertFalse(state.isRemoved("f1"));
    state.completeTask(t1);

    state.removeFramework(f1, 2_000);

    assertNull(state.framework("f1"));
    assertTrue(state.isRemoved("f1"));
    assertFalse(state.isRemoved("f2"));
    assertFalse(f1.connected());
    assertEquals(2_000, f1.unregisteredMillis);
    assertEquals(List.of(f1), List.copyOf(state.completedFrameworks()));

    FrameworkEntry f2 = state.framework("f2");
    state.removeFramework(f2, 3_000);
    assertEquals(List.of(f2), List.copyOf(state.completedFrameworks()), "only the newest is kept");
    assertTrue(state.isRemoved("f1"), "the ID is remembered longer than the entry");
  }

  @Test
  void removedFrameworkIdsAreRememberedUpToABound() {
    MasterState state = new MasterState(10, 5);
    int count = MasterState.REMOVED_FRAMEWORK_IDS + 1;
    for (int i = 0; i < count; i++) {
      String id = "f" + i;
      state.removeFramework(state.addFramework(id, Fixtures.frameworkInfo(id), Resources.UNRESERVED, i), i);
    }

    assertFalse(state.isRemoved("f0"), "the oldest removed ID is forgotten");
    assertTrue(state.isRemoved("f1"));
    assertTrue(state.isRemoved("f" + (count - 1)));
    assertEquals(5, state.completedFrameworks().size());
    assertTrue(state.frameworks().isEmpty());
  }

  @Test
  void randomOffersAndTasksOnAgentsWithTheSamePortsKeepEveryAccountExact() {
    String[] agents = {"a1", "a2", "a3"};
    String[] frameworks = {"f1", "f2"};
    MasterState state = Fixtures.state(5, 5, agents, frameworks);
    Random random = new Random(7);
    // Each agent hands out the same ports, one per offer or task, so equal ranges live on
    // every agent at once.
    Map<String, Deque<Integer>> freePorts = new HashMap<>();
    for (String agent : agents) {
      Deque<Integer> ports = new ArrayDeque<>();
      for (int port = 31000; port < 31008; port++) {
        ports.add(port);
      }
      freePorts.put(agent, ports);
    }
    List<OfferEntry> offers = new ArrayList<>();
    List<TaskEntry> tasks = new ArrayList<>();
    for (int step = 0; step < 3000; step++) {
      String agent = agents[random.nextInt(agents.length)];
      String framework = frameworks[random.nextInt(frameworks.length)];
      int op = random.nextInt(5);
      if (op <= 1 && !freePorts.get(agent).isEmpty()) {
        int port = freePorts.get(agent).poll();
        String resources = "cpus:0.1;mem:10;ports:[" + port + "-" + port + "]";
        if (op == 0) {
          OfferEntry offer = offer("o" + step, framework, agent, resources);
          state.addOffer(offer);
          offers.add(offer);
        } else {
          TaskEntry entry = task(framework, "t" + step, agent, resources);
          state.addTask(entry);
          tasks.add(entry);
        }
      } else if (op == 2 && !offers.isEmpty()) {
        OfferEntry offer = offers.remove(random.nextInt(offers.size()));
        state.removeOffer(offer.id());
        freePorts.get(offer.agentId()).add((int) offer.resources().ranges("ports").get(0)[0]);
      } else if (op == 3 && !tasks.isEmpty()) {
        TaskEntry entry = tasks.remove(random.nextInt(tasks.size()));
        if (random.nextBoolean()) {
          state.releaseTask(entry); // terminal before acknowledged
        }
        state.completeTask(entry);
        freePorts.get(entry.agentId).add((int) entry.resources.ranges("ports").get(0)[0]);
      } else if (op == 4 && !tasks.isEmpty()) {
        TaskEntry entry = tasks.get(random.nextInt(tasks.size()));
        state.markTaskUnreachable(entry, inState(entry, TaskState.TASK_UNREACHABLE));
        state.restoreTask(entry, inState(entry, TaskState.TASK_RUNNING));
      }
      checkAccounts(state, offers, tasks, "step " + step);
    }
  }

  /** Compares every account of the registry with sums made here, agent by agent. */
  private static void checkAccounts(MasterState state, List<OfferEntry> offers, List<TaskEntry> tasks, String when) {
    Map<String, Resources> offeredByAgent = new HashMap<>();
    Map<String, Resources> usedByAgent = new HashMap<>();
    Map<String, Map<String, Resources>> offeredByFramework = new HashMap<>();
    Map<String, Map<String, Resources>> usedByFramework = new HashMap<>();
    for (OfferEntry offer : offers) {
      offeredByAgent.merge(offer.agentId(), offer.resources(), Resources::plus);
      offeredByFramework.computeIfAbsent(offer.frameworkId(), f -> new LinkedHashMap<>())
          .merge(offer.agentId(), offer.resources(), Resources::plus);
    }
    for (TaskEntry entry : tasks) {
      usedByAgent.merge(entry.agentId, entry.resources, Resources::plus);
      usedByFramework.computeIfAbsent(entry.key.frameworkId(), f -> new LinkedHashMap<>())
          .merge(entry.agentId, entry.resources, Resources::plus);
    }
    for (AgentEntry agent : state.agents()) {
      assertEquals(offeredByAgent.getOrDefault(agent.id, Resources.empty()), agent.offered, when + ": offered on " + agent.id);
      assertEquals(usedByAgent.getOrDefault(agent.id, Resources.empty()), agent.used, when + ": used on " + agent.id);
      assertEquals(agent.total, agent.idle().plus(agent.used).plus(agent.offered), when + ": " + agent.id + " adds up");
    }
    for (FrameworkEntry framework : state.frameworks()) {
      assertEquals(offeredByFramework.getOrDefault(framework.id, Map.of()), framework.offeredByAgent, when + ": offers of " + framework.id);
      assertEquals(usedByFramework.getOrDefault(framework.id, Map.of()), framework.usedByAgent, when + ": tasks of " + framework.id);
    }
  }
}
