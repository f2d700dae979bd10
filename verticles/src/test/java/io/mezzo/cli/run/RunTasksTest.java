package io.mezzo.cli.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mezzo.v1.TaskID;
import io.mezzo.v1.TaskState;
import io.mezzo.v1.TaskStatus;
import org.junit.jupiter.api.Test;

/** The bookkeeping of a run's instances and its outcome. */
class RunTasksTest {
  static TaskStatus status(String taskId, TaskState state) {
    return TaskStatus.newBuilder().setTaskId(TaskID.newBuilder().setValue(taskId)).setState(state).build();
  }

  @Test
  void instancesArePlacedInOrderAndEndOnce() {
    RunTasks tasks = new RunTasks("job-0000abcd", 3);
    assertEquals(3, tasks.unplacedCount());
    RunTasks.Instance first = tasks.unplaced(1).get(0);
    assertEquals("job-0000abcd-1", first.taskId);
    tasks.placed(first, "agent-1", "host-1");
    assertEquals(2, tasks.unplacedCount());
    assertEquals("job-0000abcd-2", tasks.unplaced(5).get(0).taskId);

    assertSame(first, tasks.update(status(first.taskId, TaskState.TASK_RUNNING)));
    assertNull(tasks.update(status(first.taskId, TaskState.TASK_RUNNING)), "a repeat changes nothing");
    assertNull(tasks.update(status("someone-else", TaskState.TASK_RUNNING)));
    assertSame(first, tasks.update(status(first.taskId, TaskState.TASK_FINISHED)));
    assertNull(tasks.update(status(first.taskId, TaskState.TASK_LOST)), "nothing after the end");
    assertTrue(first.ended() && first.succeeded());
    tasks.unplace(first);
    assertEquals(2, tasks.unplacedCount(), "an instance that ran is never placed again");
  }

  @Test
  void theOutcomeIsAFailureWhenAnyTaskDidNotFinish() {
    RunTasks tasks = new RunTasks("job", 2);
    tasks.unplaced(2).forEach(i -> tasks.placed(i, "a", "h"));
    tasks.update(status("job-1", TaskState.TASK_FINISHED));
    assertFalse(tasks.allEnded());
    assertFalse(tasks.allStarted());
    tasks.update(status("job-2", TaskState.TASK_RUNNING));
    assertTrue(tasks.allStarted());
    assertFalse(tasks.anyFailed());
    tasks.update(status("job-2", TaskState.TASK_FAILED));
    assertTrue(tasks.allEnded() && tasks.anyFailed());
    assertEquals("2 tasks: 1 TASK_FAILED, 1 TASK_FINISHED", tasks.summary());
  }

  @Test
  void taskIdPrefixesAreSafeAndDistinct() {
    String prefix = RunTasks.idPrefix("my job/β");
    assertTrue(prefix.matches("my-job--?-?-[0-9a-f]{8}"), prefix);
    assertTrue(RunTasks.idPrefix("-x").startsWith("run-x-"));
    assertFalse(RunTasks.idPrefix("a").equals(RunTasks.idPrefix("a")));
  }
}
