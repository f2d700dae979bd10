package io.mezzo.master.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mezzo.bus.Addresses;
import io.mezzo.bus.Failure;
import io.mezzo.bus.Refusal;
import io.mezzo.model.Resources;
import io.mezzo.v1.Flag;
import io.mezzo.v1.FrameworkID;
import io.mezzo.v1.Offer;
import io.mezzo.v1.Role;
import io.mezzo.v1.TaskState;
import io.mezzo.v1.master.Call;
import io.mezzo.v1.master.Event;
import io.mezzo.v1.master.Response;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/** The operator API's views (flags, roles, executors, operations) and its event stream, through the harness. */
class OperatorCallsTest {
  private final Harness harness = new Harness().start();

  private Response ask(Call.Type type) {
    return (Response) harness.call(Call.newBuilder().setType(type).build());
  }

  private Event subscribe(String streamId) {
    return (Event) harness.call(Call.newBuilder().setType(Call.Type.SUBSCRIBE).build(), streamId);
  }

  private List<Event> toOperator(String streamId) {
    return harness.port.sentTo(Addresses.operator(streamId), Event.class);
  }

  private static List<Event.Type> types(List<Event> events) {
    return events.stream().map(Event::getType).toList();
  }

  @Test
  void flagsListTheConfigurationItIsGiven() {
    Response response = ask(Call.Type.GET_FLAGS);

    assertEquals(Response.Type.GET_FLAGS, response.getType());
    Map<String, String> flags = response.getGetFlags().getFlagsList().stream()
        .collect(Collectors.toMap(Flag::getName, Flag::getValue));
    assertEquals(Map.of("heartbeat_interval", "1000ms", "max_missed_pings", "3"), flags);
  }

  @Test
  void rolesHaveTheirWeightFrameworksAndWhatTheyHold() {
    harness.agent("a1");
    String stream = harness.newStream();
    String framework = harness.subscribe(Fixtures.newFramework("web").setRole("ads").build(), stream);
    Offer offer = harness.offer(framework, "a1", "cpus:1;mem:128", stream);
    harness.launch(framework, stream, offer, Harness.task("t1", offer, "cpus:0.5;mem:64"));

    List<Role> roles = ask(Call.Type.GET_ROLES).getGetRoles().getRolesList();
    Role withShares = ((Response) harness.call(Call.newBuilder().setType(Call.Type.GET_ROLES)
        .setGetRoles(Call.GetRoles.newBuilder().setWithShares(true)).build())).getGetRoles().getRoles(0);

    assertEquals(1, roles.size(), roles::toString);
    Role ads = roles.get(0);
    assertEquals("ads", ads.getName());
    assertEquals(2.0, ads.getWeight(), "the configured weight");
    assertEquals(List.of(FrameworkID.newBuilder().setValue(framework).build()), ads.getFrameworksList());
    assertEquals(Fixtures.res("cpus:0.5;mem:64"), Resources.fromProto(ads.getResourcesList()), "used (nothing is offered)");
    assertEquals(List.of(), ads.getAllocatedList(), "Mezzo's extension fields only when asked");
    assertEquals(Fixtures.res("cpus:0.5;mem:64"), Resources.fromProto(withShares.getAllocatedList()));
    assertEquals(List.of(), withShares.getOfferedList());
  }

  @Test
  void aFrameworkOfAnUnweightedRoleShowsItWithWeightOne() {
    harness.subscribe(Fixtures.newFramework("batch").setRole("batch").build(), harness.newStream());

    List<Role> roles = ask(Call.Type.GET_ROLES).getGetRoles().getRolesList();

    assertEquals(List.of("ads", "batch"), roles.stream().map(Role::getName).toList());
    assertEquals(1.0, roles.get(1).getWeight());
  }

  @Test
  void executorsAndOperationsAreEmptyButTyped() {
    Response executors = ask(Call.Type.GET_EXECUTORS);
    Response operations = ask(Call.Type.GET_OPERATIONS);

    assertEquals(Response.Type.GET_EXECUTORS, executors.getType());
    assertTrue(executors.hasGetExecutors());
    assertEquals(Response.Type.GET_OPERATIONS, operations.getType());
    assertTrue(operations.hasGetOperations());
    assertTrue(harness.state().hasGetExecutors(), "GET_STATE holds get_executors too");
  }

  @ParameterizedTest
  @EnumSource(value = Call.Type.class, names = {"GET_METRICS", "GET_LOGGING_LEVEL", "LIST_FILES"})
  void callsAboutTheNodeAreLeftToItsHttpApi(Call.Type type) {
    Call call = Call.newBuilder().setType(type)
        .setListFiles(Call.ListFiles.newBuilder().setPath("/master/log"))
        .build();

    Refusal refusal = harness.refused(Failure.BAD_REQUEST, call, null);

    assertTrue(refusal.getMessage().contains("HTTP API"), refusal.getMessage());
  }

  static Stream<Call.Type> notYetSupported() {
    return Stream.of(Call.Type.UPDATE_WEIGHTS, Call.Type.RESERVE_RESOURCES, Call.Type.UNRESERVE_RESOURCES,
        Call.Type.CREATE_VOLUMES, Call.Type.DESTROY_VOLUMES, Call.Type.GROW_VOLUME, Call.Type.SHRINK_VOLUME,
        Call.Type.GET_MAINTENANCE_STATUS, Call.Type.GET_MAINTENANCE_SCHEDULE, Call.Type.UPDATE_MAINTENANCE_SCHEDULE,
        Call.Type.START_MAINTENANCE, Call.Type.STOP_MAINTENANCE, Call.Type.DRAIN_AGENT, Call.Type.DEACTIVATE_AGENT,
        Call.Type.REACTIVATE_AGENT, Call.Type.GET_QUOTA, Call.Type.UPDATE_QUOTA, Call.Type.SET_QUOTA,
        Call.Type.REMOVE_QUOTA, Call.Type.MARK_AGENT_GONE);
  }

  @ParameterizedTest
  @MethodSource("notYetSupported")
  void callsOfLaterIssuesAreRefusedByName(Call.Type type) {
    Refusal refusal = harness.refused(Failure.BAD_REQUEST, Call.newBuilder().setType(type).build(), null);

    assertTrue(refusal.getMessage().contains(type.name() + " is not supported yet"), refusal.getMessage());
  }

  @Test
  void aStreamStartsWithTheStateThenHearsEveryChangeInOrder() {
    harness.agent("a1");
    String operator = "op-1";

    Event subscribed = subscribe(operator);

    assertEquals(Event.Type.SUBSCRIBED, subscribed.getType());
    assertEquals(1, subscribed.getSubscribed().getGetState().getGetAgents().getAgentsCount());
    assertEquals(1.0, subscribed.getSubscribed().getHeartbeatIntervalSeconds());

    String stream = harness.newStream();
    String framework = harness.subscribe(Fixtures.newFramework("web").build(), stream);
    Offer offer = harness.offer(framework, "a1", "cpus:1;mem:128", stream);
    harness.launch(framework, stream, offer, Harness.task("t1", offer, "cpus:0.5;mem:64"));
    harness.call(Call.newBuilder().setType(Call.Type.TEARDOWN)
        .setTeardown(Call.Teardown.newBuilder().setFrameworkId(FrameworkID.newBuilder().setValue(framework))).build());

    List<Event> events = toOperator(operator);
    List<Event.Type> types = types(events);
    assertEquals(Event.Type.FRAMEWORK_ADDED, types.get(0), types::toString);
    assertTrue(types.indexOf(Event.Type.TASK_ADDED) < types.indexOf(Event.Type.TASK_UPDATED), types::toString);
    assertEquals(Event.Type.FRAMEWORK_REMOVED, types.get(types.size() - 1), types::toString);
    Event running = events.stream()
        .filter(event -> event.getType() == Event.Type.TASK_UPDATED)
        .filter(event -> event.getTaskUpdated().getState() == TaskState.TASK_RUNNING)
        .findFirst().orElseThrow(() -> new AssertionError("no TASK_RUNNING update: " + types));
    assertEquals(framework, running.getTaskUpdated().getFrameworkId().getValue());
    assertEquals("t1", running.getTaskUpdated().getStatus().getTaskId().getValue());
    assertEquals(harness.port.publishedTo(Addresses.EVENTS_TASKS, Event.class),
        events.stream().filter(event -> event.hasTaskAdded() || event.hasTaskUpdated()).toList(),
        "the stream hears what the dashboards hear");
  }

  @Test
  void executorEventsAreLeftOutOfOperatorStreamsWhichCarryOnlyMesossTypes() {
    harness.agent("a1");
    String stream = harness.newStream();
    String framework = harness.subscribe(Fixtures.newFramework("groups").build(), stream);
    subscribe("op-1");
    Offer offer = harness.offer(framework, "a1", "cpus:4;mem:1024", stream);

    harness.call(Fixtures.acceptGroup(framework, offer.getId().getValue(),
        Fixtures.defaultExecutor("group-1", "cpus:0.1;mem:32"),
        io.mezzo.v1.TaskGroupInfo.newBuilder().addTasks(Harness.task("g1", offer, "cpus:0.5;mem:64")).build()), stream);

    assertEquals(1, harness.port.publishedTo(Addresses.EVENTS_EXECUTORS, Event.class).size(), "dashboards hear of it");
    List<Event.Type> types = types(toOperator("op-1"));
    assertTrue(types.contains(Event.Type.TASK_ADDED), types::toString);
    assertTrue(types.stream().allMatch(type -> type.getNumber() <= Event.Type.HEARTBEAT_VALUE), types::toString);
    assertEquals(1, ask(Call.Type.GET_EXECUTORS).getGetExecutors().getExecutorsCount(), "GET_EXECUTORS lists it");
  }

  @Test
  void agentsComingAndGoingAreEvents() {
    subscribe("op-1");
    harness.agent("a1");

    assertEquals(List.of(Event.Type.AGENT_ADDED), types(toOperator("op-1")));
    assertEquals("a1", toOperator("op-1").get(0).getAgentAdded().getAgent().getAgentInfo().getId().getValue());
  }

  @Test
  void streamsAreHeartbeatAndOneThatDoesNotAnswerIsDropped() {
    subscribe("op-1");
    subscribe("op-2");
    harness.port.silence(Addresses.operator("op-2"), true);

    harness.advance(Duration.ofSeconds(1));
    assertEquals(List.of(Event.Type.HEARTBEAT), types(toOperator("op-1")));
    assertEquals(List.of(Event.Type.HEARTBEAT), types(toOperator("op-2")));

    // The unanswered heartbeat times out after one interval; op-2 hears nothing more.
    harness.advance(Duration.ofSeconds(1));
    harness.port.clear();
    harness.agent("a1");
    assertEquals(List.of(Event.Type.AGENT_ADDED), types(toOperator("op-1")));
    assertEquals(List.of(), toOperator("op-2"));
  }

  @Test
  void aStreamNeedsAFreshIdAndTheirNumberIsBounded() {
    harness.refused(Failure.BAD_REQUEST, Call.newBuilder().setType(Call.Type.SUBSCRIBE).build(), null);
    subscribe("op-1");
    harness.refused(Failure.CONFLICT, Call.newBuilder().setType(Call.Type.SUBSCRIBE).build(), "op-1");
    for (int i = 2; i <= Observers.MAX_STREAMS; i++) {
      subscribe("op-" + i);
    }

    Refusal refusal = harness.refused(Failure.UNAVAILABLE, Call.newBuilder().setType(Call.Type.SUBSCRIBE).build(), "op-x");

    assertTrue(refusal.getMessage().contains(Integer.toString(Observers.MAX_STREAMS)), refusal.getMessage());
  }
}
