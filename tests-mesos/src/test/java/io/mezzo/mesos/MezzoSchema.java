package io.mezzo.mesos;

import com.google.protobuf.DescriptorProtos.FileDescriptorProto;
import com.google.protobuf.DescriptorProtos.FileDescriptorSet;
import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.DescriptorValidationException;
import com.google.protobuf.Descriptors.EnumDescriptor;
import com.google.protobuf.Descriptors.FileDescriptor;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Mezzo's wire schema as compiled into mezzo.jar, read on this JVM's protobuf 3.5: written
 * out as a FileDescriptorSet by {@code src/test/schema/DumpSchema.java}, run with Java's
 * source launcher on mezzo.jar's class path, and rebuilt here as descriptors.
 */
final class MezzoSchema {
  private static List<FileDescriptor> files;

  private MezzoSchema() {}

  /** Every file of the schema, dependencies first. */
  static synchronized List<FileDescriptor> files() throws IOException, InterruptedException, DescriptorValidationException {
    if (files == null) {
      files = load();
    }
    return files;
  }

  /** Every message of the schema, nested ones included, by full name ({@code mezzo.v1.TaskInfo}). */
  static Map<String, Descriptor> messages() throws Exception {
    Map<String, Descriptor> all = new HashMap<>();
    for (FileDescriptor file : files()) {
      file.getMessageTypes().forEach(m -> addMessage(m, all));
    }
    return all;
  }

  /** Every enum of the schema, nested ones included, by full name. */
  static Map<String, EnumDescriptor> enums() throws Exception {
    Map<String, EnumDescriptor> all = new HashMap<>();
    for (FileDescriptor file : files()) {
      file.getEnumTypes().forEach(e -> all.put(e.getFullName(), e));
    }
    for (Descriptor message : messages().values()) {
      message.getEnumTypes().forEach(e -> all.put(e.getFullName(), e));
    }
    return all;
  }

  private static void addMessage(Descriptor message, Map<String, Descriptor> all) {
    all.put(message.getFullName(), message);
    message.getNestedTypes().forEach(m -> addMessage(m, all));
  }

  private static List<FileDescriptor> load() throws IOException, InterruptedException, DescriptorValidationException {
    Path jar = Path.of(System.getProperty("mezzo.jar", "../verticles/target/mezzo.jar")).toAbsolutePath();
    Path source = Path.of("src/test/schema/DumpSchema.java").toAbsolutePath();
    Path out = Files.createTempFile("mezzo-schema", ".protobin");
    try {
      Process dump = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
          "-cp", jar.toString(), source.toString(), jar.toString(), out.toString())
          .redirectErrorStream(true).start();
      if (!dump.waitFor(120, TimeUnit.SECONDS)) {
        dump.destroyForcibly();
        throw new IllegalStateException("DumpSchema did not finish within 120 s");
      }
      String output = new String(dump.getInputStream().readAllBytes());
      if (dump.exitValue() != 0) {
        throw new IllegalStateException("DumpSchema failed: " + output);
      }
      FileDescriptorSet set = FileDescriptorSet.parseFrom(Files.readAllBytes(out));
      Map<String, FileDescriptor> built = new HashMap<>();
      List<FileDescriptor> ordered = new ArrayList<>();
      for (FileDescriptorProto proto : set.getFileList()) {
        FileDescriptor[] dependencies = proto.getDependencyList().stream().map(built::get).toArray(FileDescriptor[]::new);
        FileDescriptor file = FileDescriptor.buildFrom(proto, dependencies);
        built.put(file.getName(), file);
        ordered.add(file);
      }
      return ordered;
    } finally {
      Files.deleteIfExists(out);
    }
  }
}
