package io.mezzo.checks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mezzo.checks.core.TaskCheckCore;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The checks' core stays pure: no class of {@code checks/core} names Vert.x or a room that does I/O. */
class ChecksRoomsTest {
  private static final Pattern FORBIDDEN = Pattern.compile(
      "io/vertx/|io/netty/|io/mezzo/(?:agent|executor|http|master|node|state|cli|config)/|io/mezzo/checks/[A-Z]");

  @Test
  void theCoreNamesNoVertx() throws IOException, URISyntaxException {
    Path root = Path.of(TaskCheckCore.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    Path dir = root.resolve("io/mezzo/checks/core");
    List<String> found = new ArrayList<>();
    try (Stream<Path> files = Files.walk(dir)) {
      List<Path> classes = files.filter(file -> file.toString().endsWith(".class")).toList();
      assertTrue(classes.size() >= 5, "too few classes in " + dir);
      for (Path file : classes) {
        Matcher matcher = FORBIDDEN.matcher(new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1));
        while (matcher.find()) {
          found.add(dir.relativize(file) + " -> " + matcher.group());
        }
      }
    }
    assertEquals(List.of(), found);
  }
}
