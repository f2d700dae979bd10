package io.mezzo.cli;

import picocli.CommandLine.Option;

/** The flags of the {@code cluster} section, shared by every command that starts a node. */
final class ClusterOptions {
  @Option(names = "--cluster-name", paramLabel = "NAME", description = "Cluster name; nodes of other names never join (default: mezzo).")
  String name;

  @Option(names = "--cluster-host", paramLabel = "ADDRESS", description = "Address this node binds and advertises (default: 127.0.0.1).")
  String host;

  @Option(names = "--cluster-port", paramLabel = "PORT", description = "Hazelcast port (default: 5701, or the next free one).")
  Integer port;

  @Option(names = "--members", paramLabel = "HOST:PORT,...", description = "Masters to contact when joining.")
  String members;

  @Option(names = "--hazelcast-config", paramLabel = "FILE", description = "A Hazelcast XML file that replaces the cluster flags.")
  String hazelcastConfig;

  @Option(names = "--cp-member-count", paramLabel = "N", description = "Number of masters (3 or 5) that elect the leader; 0 for one master.")
  Integer cpMemberCount;

  @Option(names = "--member-timeout", paramLabel = "DURATION", description = "Silence after which a member leaves the cluster (default: 6s).")
  String memberTimeout;

  @Option(names = "--cp-session-ttl", paramLabel = "DURATION", description = "How long a crashed leader keeps its lock (default: 3s).")
  String cpSessionTtl;

  void addTo(Flags flags) {
    flags.put("cluster", "name", name)
        .put("cluster", "host", host)
        .put("cluster", "port", port)
        .put("cluster", "members", members)
        .put("cluster", "hazelcast_config", hazelcastConfig)
        .put("cluster", "cp_member_count", cpMemberCount)
        .put("cluster", "member_timeout", memberTimeout)
        .put("cluster", "cp_session_ttl", cpSessionTtl);
  }
}
