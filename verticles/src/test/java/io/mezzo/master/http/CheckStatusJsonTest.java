package io.mezzo.master.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.mezzo.v1.CheckInfo;
import io.mezzo.v1.CheckStatusInfo;
import io.mezzo.v1.TaskID;
import io.mezzo.v1.TaskState;
import io.mezzo.v1.TaskStatus;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

/** A status's {@code healthy} and {@code check_status} in the master's state JSON. */
class CheckStatusJsonTest {
  @Test
  void healthAndCheckResultsAreShown() {
    TaskStatus status = TaskStatus.newBuilder().setTaskId(TaskID.newBuilder().setValue("t")).setState(TaskState.TASK_RUNNING)
        .setHealthy(true).setReason(TaskStatus.Reason.REASON_TASK_CHECK_STATUS_UPDATED)
        .setCheckStatus(CheckStatusInfo.newBuilder().setType(CheckInfo.Type.HTTP)
            .setHttp(CheckStatusInfo.Http.newBuilder().setStatusCode(503))).build();
    JsonObject json = MesosJson.status(status);
    assertEquals(true, json.getBoolean("healthy"));
    assertEquals(new JsonObject().put("type", "HTTP").put("http", new JsonObject().put("status_code", 503)),
        json.getJsonObject("check_status"));
    assertEquals("REASON_TASK_CHECK_STATUS_UPDATED", json.getString("reason"));
  }

  @Test
  void anEmptyResultIsAnEmptyObjectOfItsType() {
    assertEquals(new JsonObject().put("type", "COMMAND").put("command", new JsonObject()),
        MesosJson.checkStatus(CheckStatusInfo.newBuilder().setType(CheckInfo.Type.COMMAND)
            .setCommand(CheckStatusInfo.Command.getDefaultInstance()).build()));
    assertEquals(new JsonObject().put("type", "TCP").put("tcp", new JsonObject().put("succeeded", false)),
        MesosJson.checkStatus(CheckStatusInfo.newBuilder().setType(CheckInfo.Type.TCP)
            .setTcp(CheckStatusInfo.Tcp.newBuilder().setSucceeded(false)).build()));
    assertFalse(MesosJson.status(TaskStatus.newBuilder().setState(TaskState.TASK_RUNNING).build()).containsKey("check_status"));
  }
}
