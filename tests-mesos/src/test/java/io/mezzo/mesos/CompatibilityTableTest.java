package io.mezzo.mesos;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.Descriptors.EnumDescriptor;
import com.google.protobuf.Descriptors.EnumValueDescriptor;
import java.io.DataInputStream;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.apache.mesos.v1.master.Protos.Call;
import org.apache.mesos.v1.master.Protos.Event;
import org.apache.mesos.v1.master.Protos.Response;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * docs/http-api.md's compatibility tables against the code: every Mesos v1 call has a row;
 * a supported (or extension) call is dispatched, not refused as unknown; a "not yet" one is
 * refused with a 400 that names it. Supported operator calls answer what Mesos's own
 * {@code Response} class parses strictly, and the operator stream's SUBSCRIBED too.
 */
@ExtendWith(SharedLocal.class)
class CompatibilityTableTest {
  private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
      .connectTimeout(Duration.ofSeconds(5)).build();

  @Test
  void everyMesosCallHasARow() throws Exception {
    CompatibilityDoc doc = CompatibilityDoc.load();
    assertRows(doc, CompatibilityDoc.SCHEDULER, org.apache.mesos.v1.scheduler.Protos.Call.Type.getDescriptor());
    assertRows(doc, CompatibilityDoc.EXECUTOR, org.apache.mesos.v1.executor.Protos.Call.Type.getDescriptor());
    assertRows(doc, CompatibilityDoc.OPERATOR, Call.Type.getDescriptor());
  }

  private static void assertRows(CompatibilityDoc doc, String section, EnumDescriptor calls) {
    Set<String> mesos = new TreeSet<>();
    for (EnumValueDescriptor value : calls.getValues()) {
      if (!value.getName().equals("UNKNOWN")) {
        mesos.add(value.getName());
      }
    }
    Set<String> missing = new TreeSet<>(mesos);
    missing.removeAll(doc.rows(section).keySet());
    assertTrue(missing.isEmpty(), section + " lacks rows for " + missing);
    Set<String> unknown = new TreeSet<>(doc.rows(section).keySet());
    unknown.removeAll(mesos);
    unknown.removeAll(doc.named(section, CompatibilityDoc.Status.EXTENSION));
    assertTrue(unknown.isEmpty(), section + " lists calls Mesos does not have and that are not extensions: " + unknown);
  }

  @Test
  void schedulerCallsAreDispatchedOrRefusedByName(MesosLocal local) throws Exception {
    CompatibilityDoc doc = CompatibilityDoc.load();
    List<String> wrong = new ArrayList<>();
    try (MesosScheduler scheduler = new MesosScheduler(local.master(), Encoding.JSON)) {
      scheduler.subscribe(Frameworks.info("compatibility-table"));
      String framework = scheduler.frameworkId().getValue();
      for (CompatibilityDoc.Row row : doc.rows(CompatibilityDoc.SCHEDULER).values()) {
        if (row.name().equals("SUBSCRIBE") || row.name().equals("TEARDOWN")) {
          continue;
        }
        String body = "{\"type\": \"" + row.name() + "\", \"framework_id\": {\"value\": \"" + framework + "\"}}";
        MesosScheduler.Answer answer = scheduler.post(body.getBytes(StandardCharsets.UTF_8), scheduler.streamId());
        check(row, answer.status(), answer.body(), wrong);
      }
      MesosScheduler.Answer teardown = scheduler.call(scheduler.callOf(
          org.apache.mesos.v1.scheduler.Protos.Call.Type.TEARDOWN).build());
      check(doc.rows(CompatibilityDoc.SCHEDULER).get("TEARDOWN"), teardown.status(), teardown.body(), wrong);
    }
    assertTrue(wrong.isEmpty(), "scheduler rows that do not match the code:\n  " + String.join("\n  ", wrong));
  }

  @Test
  void executorCallsAreDispatchedOrRefusedByName(MesosLocal local) throws Exception {
    List<String> wrong = new ArrayList<>();
    for (CompatibilityDoc.Row row : CompatibilityDoc.load().rows(CompatibilityDoc.EXECUTOR).values()) {
      String body = "{\"type\": \"" + row.name() + "\", \"framework_id\": {\"value\": \"no-framework\"},"
          + " \"executor_id\": {\"value\": \"no-executor\"}}";
      HttpResponse<byte[]> answer = Http.post(local.agent().resolve("/api/v1/executor"), Encoding.JSON.mime,
          body.getBytes(StandardCharsets.UTF_8));
      // An executor API that does not exist is a 404; one that exists refuses the unknown executor otherwise.
      String text = new String(answer.body(), StandardCharsets.UTF_8);
      check(row, answer.statusCode() == 404 ? 400 : answer.statusCode(),
          answer.statusCode() == 404 ? row.name() + " not supported yet: no executor API" : text, wrong);
    }
    assertTrue(wrong.isEmpty(), "executor rows that do not match the code:\n  " + String.join("\n  ", wrong));
  }

  @Test
  void operatorCallsAreDispatchedOrRefusedByNameAndParseWithMesosClasses(MesosLocal local) throws Exception {
    List<String> wrong = new ArrayList<>();
    URI api = local.master().resolve("/api/v1");
    for (CompatibilityDoc.Row row : CompatibilityDoc.load().rows(CompatibilityDoc.OPERATOR).values()) {
      if (row.name().equals("SUBSCRIBE")) {
        continue;
      }
      HttpResponse<byte[]> answer = Http.post(api, Encoding.JSON.mime,
          ("{\"type\": \"" + row.name() + "\"}").getBytes(StandardCharsets.UTF_8));
      String text = new String(answer.body(), StandardCharsets.UTF_8);
      check(row, answer.statusCode(), text, wrong);
      if (row.status() == CompatibilityDoc.Status.SUPPORTED && answer.statusCode() == 200) {
        // Again in protobuf, parsed as a Mesos client parses it: every required field set.
        Call call = Call.newBuilder().setType(Call.Type.valueOf(row.name())).build();
        HttpResponse<byte[]> protobuf = Http.post(api, Encoding.PROTOBUF.mime, call.toByteArray());
        try {
          if (protobuf.body().length > 0) {
            Encoding.PROTOBUF.<Response>decode(protobuf.body(), Response.newBuilder());
          }
        } catch (Exception e) {
          wrong.add(row.name() + ": Mesos's Response cannot parse the answer: " + e.getMessage());
        }
      }
    }
    assertTrue(wrong.isEmpty(), "operator rows that do not match the code:\n  " + String.join("\n  ", wrong));
  }

  @Test
  void operatorStreamStartsWithASubscribedMesosParses(MesosLocal local) throws Exception {
    Call subscribe = Call.newBuilder().setType(Call.Type.SUBSCRIBE).build();
    HttpRequest request = HttpRequest.newBuilder(local.master().resolve("/api/v1"))
        .header("Content-Type", Encoding.PROTOBUF.mime).header("Accept", Encoding.PROTOBUF.mime)
        .POST(HttpRequest.BodyPublishers.ofByteArray(subscribe.toByteArray())).build();
    HttpResponse<InputStream> response = HTTP.send(request, HttpResponse.BodyHandlers.ofInputStream());
    try (DataInputStream in = new DataInputStream(response.body())) {
      assertEquals(200, response.statusCode());
      Event subscribed = Encoding.PROTOBUF.decode(RecordIo.next(in), Event.newBuilder());
      assertEquals(Event.Type.SUBSCRIBED, subscribed.getType());
      assertTrue(subscribed.getSubscribed().getGetState().hasGetAgents(), subscribed.toString());
    }
  }

  private static void check(CompatibilityDoc.Row row, int status, String body, List<String> wrong) {
    boolean refusedByName = status == 400 && body.contains(row.name())
        && (body.contains("not supported") || body.contains("Unsupported"));
    boolean unknown = status == 400 && (body.contains("known type") || body.contains("Unsupported"));
    switch (row.status()) {
      case SUPPORTED, EXTENSION -> {
        if (refusedByName || unknown || status == 404 || status >= 500) {
          wrong.add(row.name() + " is documented " + row.status() + " but answered " + status + ": " + body);
        }
      }
      case NOT_YET -> {
        if (!refusedByName) {
          wrong.add(row.name() + " is documented not yet (#" + row.issue() + ") but answered " + status + ": " + body);
        }
      }
    }
  }
}
