package io.mezzo.mesos;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.apache.mesos.v1.Protos.CommandInfo;
import org.apache.mesos.v1.Protos.DurationInfo;
import org.apache.mesos.v1.Protos.Filters;
import org.apache.mesos.v1.Protos.Offer;
import org.apache.mesos.v1.Protos.Resource;
import org.apache.mesos.v1.Protos.TaskID;
import org.apache.mesos.v1.Protos.TaskInfo;
import org.apache.mesos.v1.Protos.TaskState;
import org.apache.mesos.v1.Protos.Value;
import org.apache.mesos.v1.master.Protos.Call;
import org.apache.mesos.v1.master.Protos.Event;
import org.apache.mesos.v1.master.Protos.Response;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * An operator built on Mesos's own classes drives a {@code mezzo local} through the v1
 * operator API, in protobuf and in JSON: every answer and every event parses strictly, the
 * event stream shows a task a Mesos scheduler launches, and the calls Mezzo does not carry
 * out yet are refused with a 400 that names them.
 */
class OperatorApiTest {
  private static MesosLocal local;

  @BeforeAll
  static void start() throws Exception {
    local = new MesosLocal("operator");
  }

  @AfterAll
  static void stop() {
    if (local != null) {
      local.close();
    }
  }

  @ParameterizedTest
  @EnumSource(Encoding.class)
  void everyReadParsesWithMesosClasses(Encoding encoding) throws Exception {
    try (MesosOperator operator = new MesosOperator(local.master(), encoding)) {
      for (Call.Type type : new Call.Type[] {Call.Type.GET_HEALTH, Call.Type.GET_FLAGS, Call.Type.GET_VERSION,
          Call.Type.GET_METRICS, Call.Type.GET_LOGGING_LEVEL, Call.Type.GET_STATE, Call.Type.GET_AGENTS,
          Call.Type.GET_FRAMEWORKS, Call.Type.GET_EXECUTORS, Call.Type.GET_OPERATIONS, Call.Type.GET_TASKS,
          Call.Type.GET_ROLES, Call.Type.GET_WEIGHTS, Call.Type.GET_MASTER}) {
        Response response = operator.call(type);
        assertEquals(type.name(), response.getType().name(), response.toString());
      }
      assertTrue(operator.call(Call.Type.GET_HEALTH).getGetHealth().getHealthy());
      assertTrue(operator.call(Call.Type.GET_FLAGS).getGetFlags().getFlagsList().stream()
          .anyMatch(flag -> flag.getName().equals("heartbeat_interval")));
      Response metrics = operator.call(Call.newBuilder().setType(Call.Type.GET_METRICS)
          .setGetMetrics(Call.GetMetrics.newBuilder().setTimeout(DurationInfo.newBuilder().setNanoseconds(5_000_000_000L)))
          .build());
      assertTrue(metrics.getGetMetrics().getMetricsList().stream()
          .anyMatch(metric -> metric.getName().equals("master/slaves_active") && metric.getValue() == 1), metrics.toString());
      assertEquals(1, operator.call(Call.Type.GET_AGENTS).getGetAgents().getAgentsCount());

      MesosOperator.Answer set = operator.post(Call.newBuilder().setType(Call.Type.SET_LOGGING_LEVEL)
          .setSetLoggingLevel(Call.SetLoggingLevel.newBuilder().setLevel(1)
              .setDuration(DurationInfo.newBuilder().setNanoseconds(1_000_000_000L)))
          .build());
      assertEquals(200, set.status(), set.text());
    }
  }

  @ParameterizedTest
  @EnumSource(Encoding.class)
  void callsOfLaterIssuesAreRefusedByName(Encoding encoding) throws Exception {
    try (MesosOperator operator = new MesosOperator(local.master(), encoding)) {
      for (Call.Type type : new Call.Type[] {Call.Type.RESERVE_RESOURCES, Call.Type.UPDATE_QUOTA, Call.Type.GET_QUOTA,
          Call.Type.GET_MAINTENANCE_STATUS, Call.Type.DRAIN_AGENT, Call.Type.MARK_AGENT_GONE, Call.Type.UPDATE_WEIGHTS}) {
        MesosOperator.Answer answer = operator.post(Call.newBuilder().setType(type).buildPartial());
        assertEquals(400, answer.status(), type + ": " + answer.text());
        assertTrue(answer.text().contains(type.name() + " is not supported yet"), answer.text());
      }
    }
  }

  @ParameterizedTest
  @EnumSource(Encoding.class)
  void theEventStreamShowsATaskAMesosSchedulerLaunches(Encoding encoding) throws Exception {
    try (MesosOperator operator = new MesosOperator(local.master(), encoding);
        MesosScheduler scheduler = new MesosScheduler(local.master(), encoding)) {
      Event subscribed = operator.subscribe();
      assertTrue(subscribed.getSubscribed().hasGetState(), subscribed.toString());
      assertTrue(subscribed.getSubscribed().getHeartbeatIntervalSeconds() > 0, subscribed.toString());

      scheduler.subscribe(Frameworks.info("operated-" + encoding));
      Offer offer = scheduler.await(org.apache.mesos.v1.scheduler.Protos.Event.Type.OFFERS).getOffers().getOffers(0);
      String taskId = "watched-" + encoding;
      TaskInfo task = TaskInfo.newBuilder()
          .setName(taskId)
          .setTaskId(TaskID.newBuilder().setValue(taskId))
          .setAgentId(offer.getAgentId())
          .addResources(Resource.newBuilder().setName("cpus").setType(Value.Type.SCALAR)
              .setScalar(Value.Scalar.newBuilder().setValue(0.1)))
          .addResources(Resource.newBuilder().setName("mem").setType(Value.Type.SCALAR)
              .setScalar(Value.Scalar.newBuilder().setValue(32)))
          .setCommand(CommandInfo.newBuilder().setShell(true).setValue("sleep 60"))
          .build();
      scheduler.call(scheduler.callOf(org.apache.mesos.v1.scheduler.Protos.Call.Type.ACCEPT)
          .setAccept(org.apache.mesos.v1.scheduler.Protos.Call.Accept.newBuilder()
              .addOfferIds(offer.getId())
              .addOperations(Offer.Operation.newBuilder().setType(Offer.Operation.Type.LAUNCH)
                  .setLaunch(Offer.Operation.Launch.newBuilder().addTaskInfos(task)))
              .setFilters(Filters.newBuilder().setRefuseSeconds(1)))
          .build()).expect(202);

      Event framework = operator.await(event -> event.getType() == Event.Type.FRAMEWORK_ADDED, "FRAMEWORK_ADDED");
      assertEquals(scheduler.frameworkId(), framework.getFrameworkAdded().getFramework().getFrameworkInfo().getId());
      Event added = operator.await(event -> event.getType() == Event.Type.TASK_ADDED
          && event.getTaskAdded().getTask().getTaskId().getValue().equals(taskId), "TASK_ADDED");
      assertEquals(scheduler.frameworkId(), added.getTaskAdded().getTask().getFrameworkId());
      Event running = operator.await(event -> event.getType() == Event.Type.TASK_UPDATED
          && event.getTaskUpdated().getStatus().getTaskId().getValue().equals(taskId)
          && event.getTaskUpdated().getState() == TaskState.TASK_RUNNING, "TASK_UPDATED to TASK_RUNNING");
      assertEquals(scheduler.frameworkId(), running.getTaskUpdated().getFrameworkId());
      // With a framework, a role in use and a running task, the reads still parse strictly.
      Response roles = operator.call(Call.Type.GET_ROLES);
      assertTrue(roles.getGetRoles().getRolesList().stream()
          .anyMatch(role -> role.getName().equals("*") && role.getFrameworksList().contains(scheduler.frameworkId())),
          roles.toString());
      assertTrue(operator.call(Call.Type.GET_TASKS).getGetTasks().getTasksList().stream()
          .anyMatch(t -> t.getTaskId().getValue().equals(taskId) && t.getState() == TaskState.TASK_RUNNING));
      assertEquals(1, operator.call(Call.Type.GET_STATE).getGetState().getGetFrameworks().getFrameworksCount());
      operator.await(event -> event.getType() == Event.Type.HEARTBEAT, "HEARTBEAT");

      scheduler.call(scheduler.callOf(org.apache.mesos.v1.scheduler.Protos.Call.Type.TEARDOWN).build()).expect(202);
      Event removed = operator.await(event -> event.getType() == Event.Type.FRAMEWORK_REMOVED, "FRAMEWORK_REMOVED");
      assertFalse(removed.getFrameworkRemoved().getFrameworkInfo().getName().isEmpty());
    }
  }
}
