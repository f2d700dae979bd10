package io.mezzo.cli.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mezzo.v1.CommandInfo;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code mezzo run --uri URL[,extract][,cache][,executable]}, from flags, files and the environment. */
class UriSpecsTest {
  @Test
  void optionsFollowTheirUri() {
    List<CommandInfo.URI> uris = UriSpecs.parse(List.of("http://h/app.tgz,extract,cache", "/opt/tool,executable,output_file=bin/t"));
    assertEquals(2, uris.size());
    assertEquals("http://h/app.tgz", uris.get(0).getValue());
    assertTrue(uris.get(0).getExtract());
    assertTrue(uris.get(0).getCache());
    assertFalse(uris.get(0).getExecutable());
    assertTrue(uris.get(1).getExecutable());
    assertFalse(uris.get(1).getExtract(), "extract only when asked for");
    assertEquals("bin/t", uris.get(1).getOutputFile());
  }

  @Test
  void anEnvironmentVariableSplitAtItsCommasReadsTheSame() {
    // ConfigReader splits MEZZO_FRAMEWORK_URIS=a,extract,b at commas: options still find their URI.
    assertEquals(UriSpecs.parse(List.of("http://h/a.tgz,extract", "/b")),
        UriSpecs.parse(List.of("http://h/a.tgz", "extract", "/b")));
  }

  @Test
  void badSpecsAreRefusedWithTheMastersWords() {
    assertEquals("'cache' comes before any URI; write URL,extract,cache",
        assertThrows(IllegalArgumentException.class, () -> UriSpecs.parse(List.of("cache"))).getMessage());
    assertEquals("URI 'app.tgz' is a relative path; give an absolute path or a URL",
        assertThrows(IllegalArgumentException.class, () -> UriSpecs.parse(List.of("app.tgz"))).getMessage());
  }

  @Test
  void frameworkConfigCarriesTheUris() {
    FrameworkConfig config = FrameworkConfig.fromJson(new JsonObject().put("command", "./app/run.sh")
        .put("uris", new JsonArray().add("http://h/app.tgz,extract,cache")), "alice");
    assertEquals(1, config.uris().size());
    assertTrue(config.uris().get(0).getCache());
    assertEquals("invalid config framework.uris: URI 'x' is a relative path; give an absolute path or a URL",
        assertThrows(io.mezzo.config.ConfigException.class, () -> FrameworkConfig.fromJson(
            new JsonObject().put("command", "true").put("uris", new JsonArray().add("x")), "alice")).getMessage());
    assertEquals(List.of(), FrameworkConfig.fromJson(new JsonObject().put("command", "true"), "alice").uris());
  }
}
