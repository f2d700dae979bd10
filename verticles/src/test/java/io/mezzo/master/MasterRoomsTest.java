package io.mezzo.master;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mezzo.master.core.MasterCore;
import java.io.IOException;
import java.io.UncheckedIOException;
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

/**
 * The master's pure rooms stay pure: no class of {@code master/core} or {@code master/validation}
 * refers to Vert.x, to the shell around them or to another room with I/O, and validation knows
 * nothing of the core. Read from the compiled classes, whose constant pools name every class a
 * class uses (imported, written out in full, or only in a signature), so nothing slips by.
 */
class MasterRoomsTest {
  /** What the pure rooms may never name: Vert.x, Hazelcast, Micrometer, and Mezzo's rooms that do I/O. */
  private static final Pattern FORBIDDEN = Pattern.compile(
      "io/vertx/|com/hazelcast/|io/micrometer/|io/mezzo/(?:state|http|node|leader|agent|executor|cli|config)/"
          + "|io/mezzo/master/(?:http/|[A-Z])");
  private static final Pattern CORE = Pattern.compile("io/mezzo/master/core/");

  @Test
  void theCoreNamesNoVertxAndNothingOfTheShell() {
    List<String> found = scan("core", FORBIDDEN);
    assertEquals(List.of(), found);
  }

  @Test
  void validationNamesNoVertxAndNothingOfTheCore() {
    List<String> found = scan("validation", FORBIDDEN);
    found.addAll(scan("validation", CORE));
    assertEquals(List.of(), found);
  }

  /** Every reference matching {@code pattern} in the classes of {@code room}, as "Class -> reference". */
  private static List<String> scan(String room, Pattern pattern) {
    Path dir = classesRoot().resolve("io/mezzo/master").resolve(room);
    List<String> found = new ArrayList<>();
    try (Stream<Path> files = Files.walk(dir)) {
      List<Path> classes = files.filter(file -> file.toString().endsWith(".class")).toList();
      assertTrue(classes.size() >= 4, "too few classes in " + dir + ": the scan would prove nothing");
      for (Path file : classes) {
        // Latin-1 maps each byte to one char, so the constant pool's UTF-8 names read as they are.
        Matcher matcher = pattern.matcher(new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1));
        while (matcher.find()) {
          found.add(dir.relativize(file) + " -> " + matcher.group());
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return found;
  }

  private static Path classesRoot() {
    try {
      return Path.of(MasterCore.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }
}
