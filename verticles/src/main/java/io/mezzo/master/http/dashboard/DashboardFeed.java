package io.mezzo.master.http.dashboard;

import io.mezzo.bus.Addresses;
import io.mezzo.bus.Failure;
import io.mezzo.bus.Refusal;
import io.mezzo.master.http.LeaderCalls;
import io.mezzo.master.http.LeaderCalls.Answer;
import io.mezzo.master.http.LeaderView;
import io.mezzo.master.http.MetricsSnapshot;
import io.mezzo.master.http.RolesJson;
import io.mezzo.metrics.NodeMeters;
import io.mezzo.state.MasterRoster;
import io.mezzo.v1.master.Call;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Pushes the cluster's state to the dashboards that watch it, as server-sent events. While
 * browsers are connected the leader's state is read once a second, and soon after every
 * change the master publishes, then turned into one snapshot or update that every browser
 * gets (one build whatever the number of browsers). While none is, only the allocation is
 * sampled, so the chart has a history when one connects.
 *
 * <p>Streams end when this node stops leading, and browsers reconnect (to the new leader,
 * through the standby's redirect). Everything but the building of frames, which runs on a
 * worker, runs on the HTTP verticle's event loop.
 */
final class DashboardFeed {
  private static final Logger LOG = LoggerFactory.getLogger(DashboardFeed.class);

  /** Browsers one master serves at once by default; more get a 503. */
  static final int MAX_STREAMS = 100;
  static final Duration TICK = Duration.ofSeconds(1);
  /** How long a published change waits for others: a burst of changes becomes one update. */
  static final Duration CHANGE_DELAY = Duration.ofMillis(100);
  /** How often an idle stream gets a comment, so that proxies and browsers keep it open. */
  static final Duration KEEP_ALIVE = Duration.ofSeconds(15);

  private final Vertx vertx;
  private final LeaderView leader;
  private final LeaderCalls calls;
  private final MasterRoster roster;
  private final NodeMeters meters;
  private final int maxStreams;
  /**
   * Every stream from its opening to its end, whatever its phase: the cap counts these, so
   * streams whose snapshot is being built count too.
   */
  private final Set<EventStream> open = new LinkedHashSet<>();
  /** Streams that got a snapshot, and get every update. */
  private final Set<EventStream> following = new LinkedHashSet<>();
  /** Streams that wait for their first snapshot (not yet taken by a refresh). */
  private final Set<EventStream> joining = new LinkedHashSet<>();
  private final List<MessageConsumer<Object>> consumers = new ArrayList<>();
  private DashboardModel model = new DashboardModel();
  private boolean busy;
  private boolean again;
  private long changeTimer = -1;
  private long lastWrite;

  DashboardFeed(Vertx vertx, LeaderView leader, MasterRoster roster, NodeMeters meters, int maxStreams) {
    this.vertx = Objects.requireNonNull(vertx, "vertx");
    this.leader = Objects.requireNonNull(leader, "leader");
    this.roster = Objects.requireNonNull(roster, "roster");
    this.meters = Objects.requireNonNull(meters, "meters");
    this.maxStreams = maxStreams;
    this.calls = new LeaderCalls(vertx);
  }

  /** Starts the clock; call on the HTTP verticle's context, whose undeployment stops it. */
  void start() {
    vertx.setPeriodic(TICK.toMillis(), id -> tick());
  }

  /** Serves one browser's stream. */
  void open(HttpServerResponse response) {
    if (streams() >= maxStreams) {
      throw new Refusal(Failure.UNAVAILABLE, "This master already serves " + maxStreams + " dashboards; try again later");
    }
    EventStream stream = new EventStream(response, this::ended);
    open.add(stream);
    joining.add(stream);
    stream.open();
    listenForChanges();
    soon();
  }

  /** Ends every stream: this master stops serving. */
  void close() {
    closeAll("this master is stopping");
  }

  /** The number of open streams, in every phase. */
  int streams() {
    return open.size();
  }

  private void tick() {
    if (!leader.leading()) {
      closeAll("this master no longer leads");
      // A later term starts its own history and views.
      model = new DashboardModel();
      return;
    }
    if (streams() > 0) {
      refresh();
      keepAlive();
    } else {
      sampleIdle();
    }
  }

  /** Refreshes soon, once the burst of changes this one belongs to is over. */
  private void soon() {
    if (changeTimer < 0) {
      changeTimer = vertx.setTimer(CHANGE_DELAY.toMillis(), id -> {
        changeTimer = -1;
        refresh();
      });
    }
  }

  /** Reads the state and sends what changed; one at a time, the next one queued. */
  private void refresh() {
    if (busy) {
      again = true;
      return;
    }
    if (streams() == 0 || !leader.leading()) {
      return;
    }
    busy = true;
    List<EventStream> newcomers = new ArrayList<>(joining);
    joining.clear();
    DashboardModel current = model;
    Future<Answer> state = calls.call(Call.Type.GET_STATE);
    Future<Answer> master = calls.call(Call.Type.GET_MASTER);
    Future<Answer> roles = calls.call(RolesJson.CALL);
    Future<JsonObject> metrics = metricsSnapshot();
    Future.all(state, master, roles, metrics)
        .compose(all -> calls.onWorker(() -> {
          double now = System.currentTimeMillis() / 1000.0;
          DashboardView.Inputs inputs = new DashboardView.Inputs(state.result().response().getGetState(),
              master.result().response().getGetMaster(), roles.result().response().getGetRoles(),
              metrics.result(), state.result().epoch(), roster.clusterName(), roster.list(), now);
          return current.advance(DashboardView.of(inputs), now, !newcomers.isEmpty());
        }))
        .onComplete(result -> {
          busy = false;
          if (result.succeeded()) {
            send(result.result(), newcomers);
          } else {
            LOG.debug("dashboard refresh failed: {}", result.cause().toString());
            newcomers.stream().filter(stream -> !stream.ended()).forEach(joining::add);
          }
          if (again) {
            again = false;
            soon();
          }
        });
  }

  private void send(DashboardModel.Frames frames, List<EventStream> newcomers) {
    if (frames.update() != null) {
      new ArrayList<>(following).forEach(stream -> stream.send(frames.update()));
      lastWrite = System.nanoTime();
    }
    for (EventStream stream : newcomers) {
      if (!stream.ended()) {
        // The snapshot already holds this update.
        stream.send(frames.snapshot());
        following.add(stream);
      }
    }
  }

  /** Keeps the allocation history going while no browser watches, from the metrics alone. */
  private void sampleIdle() {
    double now = System.currentTimeMillis() / 1000.0;
    if (busy || !model.sampleDue(now) || !leader.leading()) {
      return;
    }
    busy = true;
    DashboardModel current = model;
    metricsSnapshot()
        .map(metrics -> {
          current.sample(DashboardView.sample(metrics, now), now);
          return null;
        })
        .onComplete(result -> busy = false);
  }

  /** The leader's {@code /metrics/snapshot}: the meters, brought up to date first. */
  private Future<JsonObject> metricsSnapshot() {
    return meters.refresh().map(v -> MetricsSnapshot.leader(meters.registry()));
  }

  private void keepAlive() {
    if (System.nanoTime() - lastWrite < KEEP_ALIVE.toNanos()) {
      return;
    }
    lastWrite = System.nanoTime();
    new ArrayList<>(following).forEach(stream -> stream.send(SseFrame.comment("keep-alive")));
  }

  /** Refreshes soon after the master publishes a change, while browsers watch. */
  private void listenForChanges() {
    if (!consumers.isEmpty()) {
      return;
    }
    for (String address : List.of(Addresses.EVENTS_TASKS, Addresses.EVENTS_AGENTS, Addresses.EVENTS_FRAMEWORKS)) {
      // The body is never read: that something changed is all the feed needs to know.
      consumers.add(vertx.eventBus().consumer(address, message -> soon()));
    }
  }

  private void ended(EventStream stream) {
    open.remove(stream);
    following.remove(stream);
    joining.remove(stream);
    if (streams() == 0) {
      consumers.forEach(MessageConsumer::unregister);
      consumers.clear();
    }
  }

  private void closeAll(String why) {
    new ArrayList<>(open).forEach(stream -> stream.close(why));
  }
}
