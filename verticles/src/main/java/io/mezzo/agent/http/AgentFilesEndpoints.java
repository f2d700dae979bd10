package io.mezzo.agent.http;

import io.mezzo.bus.Failure;
import io.mezzo.bus.Refusal;
import io.mezzo.http.Endpoints;
import io.mezzo.http.QueryParams;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;

/**
 * The agent's sandbox files, as Apache Mesos's {@code /files/browse}, {@code /files/read}
 * and {@code /files/download} serve them (with {@code .json} aliases). A file is named
 * either by {@code path}, an absolute path inside this agent's sandboxes, or by
 * {@code task_id} (and {@code framework_id} when the task ID is not unique here) with
 * {@code path} relative to that task's sandbox: the sandbox of its newest run, even after
 * the task ended. Nothing outside the sandboxes can be reached ({@link SandboxPath},
 * {@link SandboxFileSystem}).
 *
 * <p>All disk work runs on a small worker pool of its own, so a stuck file system call
 * stalls file requests only, never the agent's event loop or its other workers.
 */
public final class AgentFilesEndpoints implements Endpoints {
  /** The most a read returns, and what it returns when no length is given (Mesos caps reads too). */
  public static final int MAX_READ_BYTES = 1024 * 1024;
  /** Set on a browse reply that lists only the first {@value SandboxFileSystem#MAX_ENTRIES} entries. */
  public static final String TRUNCATED_HEADER = "X-Mezzo-Truncated";

  private static final int WORKERS = 4;

  private final AgentView agent;
  private final WorkerExecutor worker;

  public AgentFilesEndpoints(Vertx vertx, AgentView agent) {
    this.agent = agent;
    this.worker = vertx.createSharedWorkerExecutor("mezzo-agent-files", WORKERS, 60, TimeUnit.SECONDS);
  }

  @Override
  public void mount(Router router) {
    for (String suffix : List.of("", ".json")) {
      router.get("/files/browse" + suffix).handler(this::browse);
      router.get("/files/read" + suffix).handler(this::read);
      router.get("/files/download" + suffix).handler(this::download);
    }
  }

  private void browse(RoutingContext context) {
    Target target = target(context, "");
    SandboxFileSystem files = files();
    worker.executeBlocking(() -> files.browse(target.resolve(files, agent.agentId()).real(), target.shown()), false)
        .onSuccess(listing -> {
          HttpServerResponse response = context.response().putHeader("Content-Type", "application/json");
          if (listing.truncated()) {
            response.putHeader(TRUNCATED_HEADER, "true");
          }
          response.end(listing.entries().encode());
        })
        .onFailure(context::fail);
  }

  private void read(RoutingContext context) {
    Target target = target(context, null);
    long offset = number(context, "offset", 0);
    if (offset < -1) {
      throw Refusal.badRequest("offset must be -1 (the end of the file) or more: " + offset);
    }
    long length = number(context, "length", -1);
    if (length < -1) {
      throw Refusal.badRequest("length must be -1 (the default, " + MAX_READ_BYTES + ") or more: " + length);
    }
    int capped = length == -1 ? MAX_READ_BYTES : (int) Math.min(length, MAX_READ_BYTES);
    SandboxFileSystem files = files();
    worker.executeBlocking(() -> files.read(target.resolve(files, agent.agentId()), target.shown(), offset, capped), false)
        .onSuccess(chunk -> context.response()
            .putHeader("Content-Type", "application/json")
            .end(new JsonObject()
                .put("data", chunk.data())
                .put("offset", chunk.offset())
                .put("length", chunk.length())
                .encode()))
        .onFailure(context::fail);
  }

  private void download(RoutingContext context) {
    Target target = target(context, null);
    SandboxFileSystem files = files();
    worker.executeBlocking(() -> files.open(target.resolve(files, agent.agentId()), target.shown()), false)
        .onSuccess(download -> {
          String name = target.fileName();
          HttpServerResponse response = context.response()
              .putHeader("Content-Type", "application/octet-stream")
              .putHeader("Content-Disposition", contentDisposition(name));
          // The file may still grow: what existed when it was opened is what is sent.
          FileStreamer.stream(worker, download.channel(), download.size(), response);
        })
        .onFailure(context::fail);
  }

  private SandboxFileSystem files() {
    return new SandboxFileSystem(agent.sandboxesRoot());
  }

  /** What a request names, checked as far as the text allows, before any disk work. */
  private Target target(RoutingContext context, String defaultPath) {
    String taskId = QueryParams.single(context, "task_id");
    String frameworkId = QueryParams.single(context, "framework_id");
    String path = QueryParams.single(context, "path");
    if (taskId == null) {
      if (frameworkId != null) {
        throw Refusal.badRequest("framework_id needs a task_id");
      }
      if (path == null) {
        throw Refusal.badRequest("Give path (an absolute path in a sandbox) or task_id");
      }
      Path absolute = SandboxPath.absolute(path, agent.sandboxesRoot());
      return new Target(null, null, Map.of(), absolute, List.of(), absolute.toString());
    }
    Refusal.requireId("task", taskId);
    if (frameworkId != null) {
      Refusal.requireId("framework", frameworkId);
    }
    String relative = path != null ? path : defaultPath;
    if (relative == null) {
      throw Refusal.badRequest("Give path, relative to the task's sandbox (e.g. stdout)");
    }
    // Checked now for a quick 400; resolved against the sandbox on the worker.
    List<String> segments = SandboxPath.relative(relative);
    return new Target(taskId, frameworkId, agent.knownSandboxes(taskId), null, segments, String.join("/", segments));
  }

  /**
   * A requested path: absolute, or relative to a task's sandbox.
   *
   * @param known the task's sandboxes the agent remembers, by framework (read on the event loop)
   */
  private record Target(String taskId, String frameworkId, Map<String, Path> known, Path absolute, List<String> relative,
      String shown) {

    /** The real path of the target, inside its sandbox. Blocking. */
    SandboxFileSystem.Located resolve(SandboxFileSystem files, String agentId) throws IOException {
      if (absolute != null) {
        return files.inside(files.sandboxOf(absolute), shown, absolute, shown);
      }
      Path sandbox = sandbox(files, agentId);
      return files.inside(sandbox, "task '" + taskId + "'", SandboxPath.resolve(sandbox, relative),
          shown.isEmpty() ? "the sandbox of task '" + taskId + "'" : shown);
    }

    private Path sandbox(SandboxFileSystem files, String agentId) throws IOException {
      String framework = frameworkId;
      if (framework == null) {
        Set<String> frameworks = new TreeSet<>(known.keySet());
        frameworks.addAll(files.frameworksWith(agentId, taskId));
        if (frameworks.size() > 1) {
          throw new Refusal(Failure.CONFLICT, "Task '" + taskId + "' exists in several frameworks (" + String.join(", ", frameworks)
              + "); name one with framework_id");
        }
        framework = frameworks.isEmpty() ? null : frameworks.iterator().next();
      }
      Path sandbox = framework == null ? null : known.get(framework);
      if (sandbox == null && framework != null) {
        sandbox = files.newestRun(agentId, framework, taskId);
      }
      if (sandbox == null) {
        throw Refusal.notFound("This agent has no sandbox of task '" + taskId + "'"
            + (frameworkId == null ? "" : " of framework '" + frameworkId + "'"));
      }
      return sandbox;
    }

    /** The name a download is saved under: the file's name as requested (a symlink's own name). */
    String fileName() {
      if (absolute != null) {
        return absolute.getFileName() == null ? "file" : absolute.getFileName().toString();
      }
      return relative.isEmpty() ? "file" : relative.get(relative.size() - 1);
    }
  }

  static String contentDisposition(String name) {
    // A plain ASCII fallback, and the exact name per RFC 6266 for clients that read it.
    String ascii = name.replaceAll("[^A-Za-z0-9._-]", "_");
    String encoded = URLEncoder.encode(name, StandardCharsets.UTF_8).replace("+", "%20");
    return "attachment; filename=\"" + ascii + "\"; filename*=UTF-8''" + encoded;
  }

  static long number(RoutingContext context, String name, long absent) {
    String text = QueryParams.single(context, name);
    if (text == null || text.isEmpty()) {
      return absent;
    }
    try {
      return Long.parseLong(text);
    } catch (NumberFormatException e) {
      throw Refusal.badRequest(name + " must be an integer between -1 and " + Long.MAX_VALUE + ": '"
          + (text.length() > 40 ? text.substring(0, 40) + "..." : text) + "'");
    }
  }
}
