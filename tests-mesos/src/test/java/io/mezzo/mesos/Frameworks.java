package io.mezzo.mesos;

import org.apache.mesos.v1.Protos.FrameworkInfo;

/** FrameworkInfo fixtures, as a Mesos framework fills them in. */
final class Frameworks {
  private Frameworks() {}

  /** A multi-role framework in role {@code *}, with a short failover timeout. */
  static FrameworkInfo info(String name) {
    return FrameworkInfo.newBuilder()
        .setUser(System.getProperty("user.name"))
        .setName(name)
        .addRoles("*")
        .addCapabilities(FrameworkInfo.Capability.newBuilder().setType(FrameworkInfo.Capability.Type.MULTI_ROLE))
        .setFailoverTimeout(0)
        .build();
  }
}
