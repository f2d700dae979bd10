package io.mezzo.mesos;

import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.EnumDescriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.Descriptors.FileDescriptor;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Apache Mesos 1.11's v1 schema, from its own generated classes, and the correspondence of
 * names: Mezzo's {@code mezzo.v1.X} is Mesos's {@code mesos.v1.X}.
 */
final class MesosSchema {
  private static final List<FileDescriptor> ROOTS = List.of(
      org.apache.mesos.v1.Protos.getDescriptor(),
      org.apache.mesos.v1.scheduler.Protos.getDescriptor(),
      org.apache.mesos.v1.executor.Protos.getDescriptor(),
      org.apache.mesos.v1.master.Protos.getDescriptor(),
      org.apache.mesos.v1.agent.Protos.getDescriptor());

  private MesosSchema() {}

  /** Mesos's name of the Mezzo message or enum {@code mezzoName}. */
  static String mesosName(String mezzoName) {
    return mezzoName.startsWith("mezzo.v1.") ? "mesos.v1." + mezzoName.substring("mezzo.v1.".length()) : mezzoName;
  }

  /** Every message of Mesos's v1 schema, nested ones included, by full name. */
  static Map<String, Descriptor> messages() {
    Map<String, Descriptor> all = new HashMap<>();
    for (FileDescriptor file : files().values()) {
      file.getMessageTypes().forEach(m -> add(m, all));
    }
    return all;
  }

  /** Every enum of Mesos's v1 schema, by full name. */
  static Map<String, EnumDescriptor> enums() {
    Map<String, EnumDescriptor> all = new HashMap<>();
    for (FileDescriptor file : files().values()) {
      file.getEnumTypes().forEach(e -> all.put(e.getFullName(), e));
    }
    messages().values().forEach(m -> m.getEnumTypes().forEach(e -> all.put(e.getFullName(), e)));
    return all;
  }

  /** The required fields of {@code message}. */
  static List<FieldDescriptor> required(Descriptor message) {
    return message.getFields().stream().filter(FieldDescriptor::isRequired).toList();
  }

  private static Map<String, FileDescriptor> files() {
    Map<String, FileDescriptor> files = new LinkedHashMap<>();
    ROOTS.forEach(root -> addFile(root, files));
    return files;
  }

  private static void addFile(FileDescriptor file, Map<String, FileDescriptor> files) {
    if (files.putIfAbsent(file.getName(), file) == null) {
      file.getDependencies().forEach(d -> addFile(d, files));
    }
  }

  private static void add(Descriptor message, Map<String, Descriptor> all) {
    all.put(message.getFullName(), message);
    message.getNestedTypes().forEach(m -> add(m, all));
  }
}
