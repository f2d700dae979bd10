import com.google.protobuf.DescriptorProtos.FileDescriptorSet;
import com.google.protobuf.Descriptors.FileDescriptor;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;

/**
 * Writes Mezzo's wire schema, as compiled into mezzo.jar, as a FileDescriptorSet. Run by
 * the schema tests with Java's source launcher on mezzo.jar's class path
 * ({@code java -cp mezzo.jar DumpSchema.java <jar> <out>}): Mezzo's classes need protobuf 4,
 * the test JVM holds Mesos's protobuf 3.5, and a descriptor set is plain protobuf both read.
 */
public class DumpSchema {
  public static void main(String[] args) throws Exception {
    Map<String, FileDescriptor> files = new LinkedHashMap<>();
    try (JarFile jar = new JarFile(args[0])) {
      for (Enumeration<JarEntry> e = jar.entries(); e.hasMoreElements(); ) {
        String name = e.nextElement().getName();
        // Every outer class of the schema: io/mezzo/v1/**/XxxProtos.class.
        if (name.startsWith("io/mezzo/v1/") && name.endsWith("Protos.class") && !name.contains("$")) {
          Class<?> outer = Class.forName(name.substring(0, name.length() - 6).replace('/', '.'));
          add((FileDescriptor) outer.getMethod("getDescriptor").invoke(null), files);
        }
      }
    }
    FileDescriptorSet.Builder set = FileDescriptorSet.newBuilder();
    files.values().forEach(file -> set.addFile(file.toProto()));
    try (OutputStream out = Files.newOutputStream(Path.of(args[1]))) {
      set.build().writeTo(out);
    }
  }

  /** Dependencies first, as FileDescriptor.buildFrom needs them. */
  private static void add(FileDescriptor file, Map<String, FileDescriptor> files) {
    if (files.containsKey(file.getName())) {
      return;
    }
    file.getDependencies().forEach(dependency -> add(dependency, files));
    files.put(file.getName(), file);
  }
}
