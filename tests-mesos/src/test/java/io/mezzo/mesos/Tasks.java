package io.mezzo.mesos;

import java.util.List;
import org.apache.mesos.v1.Protos.CommandInfo;
import org.apache.mesos.v1.Protos.Offer;
import org.apache.mesos.v1.Protos.Resource;
import org.apache.mesos.v1.Protos.TaskID;
import org.apache.mesos.v1.Protos.TaskInfo;
import org.apache.mesos.v1.Protos.Value;
import org.apache.mesos.v1.scheduler.Protos.Call;

/** Tasks and offer operations, built with Mesos's classes as a Mesos framework builds them. */
final class Tasks {
  private Tasks() {}

  /** A command task on {@code offer}'s agent with 0.1 cpus and 32 MB, taken from the offer's own resources. */
  static TaskInfo command(String id, Offer offer, String shell) {
    return TaskInfo.newBuilder()
        .setName(id)
        .setTaskId(TaskID.newBuilder().setValue(id))
        .setAgentId(offer.getAgentId())
        .addResources(part(offer, "cpus", 0.1))
        .addResources(part(offer, "mem", 32))
        .setCommand(CommandInfo.newBuilder().setShell(true).setValue(shell))
        .build();
  }

  /** {@code amount} of the offer's scalar resource {@code name}, with its role and allocation info. */
  static Resource part(Offer offer, String name, double amount) {
    Resource whole = offer.getResourcesList().stream().filter(r -> r.getName().equals(name)).findFirst()
        .orElseThrow(() -> new AssertionError("no " + name + " in " + offer));
    return whole.toBuilder().setScalar(Value.Scalar.newBuilder().setValue(amount)).build();
  }

  /** ACCEPT of {@code offer} launching {@code tasks}. */
  static Call.Accept launch(Offer offer, List<TaskInfo> tasks) {
    return Call.Accept.newBuilder()
        .addOfferIds(offer.getId())
        .addOperations(Offer.Operation.newBuilder().setType(Offer.Operation.Type.LAUNCH)
            .setLaunch(Offer.Operation.Launch.newBuilder().addAllTaskInfos(tasks)))
        .build();
  }
}
