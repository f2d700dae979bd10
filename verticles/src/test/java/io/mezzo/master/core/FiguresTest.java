package io.mezzo.master.core;

import static io.mezzo.master.core.Fixtures.offer;
import static io.mezzo.master.core.Fixtures.task;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.mezzo.metrics.MasterFigures;
import io.mezzo.metrics.MasterRecorder;
import io.mezzo.v1.TaskState;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The master's state counted into the figures its gauges show. */
class FiguresTest {
  @Test
  void countsAgentsFrameworksTasksAndReachableResources() {
    MasterState state = Fixtures.state(10, 10, new String[] {"a1", "a2", "a3"}, "f1", "f2");
    state.framework("f1").streamId = "s1";
    state.agent("a2").reachable = false;
    state.agent("a3").reachable = false;
    state.agent("a3").recovered = true;
    state.addTask(task("f1", "t1", "a1", "cpus:1;mem:128"));
    state.addTask(new TaskEntry(Fixtures.taskProto("f1", "t2", "a1", "cpus:0.5;mem:64", TaskState.TASK_STAGING),
        Fixtures.res("cpus:0.5;mem:64"), System.nanoTime()));
    TaskEntry finished = task("f2", "t3", "a1", "cpus:1");
    state.addTask(finished);
    state.updateTask(finished, Fixtures.inState(finished, TaskState.TASK_FINISHED));
    state.releaseTask(finished);
    state.addOffer(offer("o1", "f2", "a1", "cpus:2;mem:512"));

    MasterFigures figures = Figures.of(state, 1_234);

    assertEquals(new MasterFigures.Agents(1, 1, 1), figures.agents());
    assertEquals(new MasterFigures.Frameworks(1, 1, 0), figures.frameworks());
    assertEquals(1, figures.tasks(TaskState.TASK_RUNNING));
    assertEquals(1, figures.tasks(TaskState.TASK_STAGING));
    assertEquals(0, figures.tasks(TaskState.TASK_FINISHED), "ended tasks are counted as they end, not here");
    assertEquals(new MasterFigures.Resource(4, 1.5, 2), figures.resource("cpus"), "only the reachable agent a1");
    assertEquals(new MasterFigures.Resource(4096, 192, 512), figures.resource("mem"));
    assertEquals(MasterFigures.Resource.NONE, figures.resource("gpus"));
    assertEquals(1, figures.offersOutstanding());
    assertEquals(1_234, figures.termStartMillis());
  }

  @Test
  void everyTaskThatEndsIsRecordedOnceWhicheverPartEndsIt() {
    List<TaskState> ended = new ArrayList<>();
    MasterState state = new MasterState(10, 10, new MasterRecorder() {
      @Override
      public void taskEnded(TaskState state) {
        ended.add(state);
      }
    });
    state.addAgent("a1", Fixtures.agentInfo("a1"), Fixtures.res(Fixtures.AGENT_RESOURCES), 1);
    state.addFramework("f1", Fixtures.frameworkInfo("f1"), "*", 1);
    TaskEntry entry = task("f1", "t1", "a1", "cpus:1");
    state.addTask(entry);

    state.updateTask(entry, Fixtures.inState(entry, TaskState.TASK_RUNNING));
    state.updateTask(entry, Fixtures.inState(entry, TaskState.TASK_FAILED));
    state.updateTask(entry, Fixtures.inState(entry, TaskState.TASK_FAILED));

    assertEquals(List.of(TaskState.TASK_FAILED), ended, "a retried terminal update is not a second end");
  }
}
