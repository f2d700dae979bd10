package io.mezzo.master.http;

import io.mezzo.bus.Failure;
import io.mezzo.bus.Refusal;
import io.mezzo.http.ProtoMediaType;
import io.mezzo.http.StreamSink;
import io.mezzo.http.SubscriptionStream;
import io.vertx.core.Vertx;
import io.vertx.ext.web.RoutingContext;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.Objects;
import java.util.Set;

/**
 * The open subscription streams of one API on one node: at most {@code max} at once (more
 * get a 503), and all of them ended when this node stops leading, so that their clients
 * subscribe again and are sent to the new leader. Used on the HTTP event loop only.
 *
 * @param <E> the API's event message
 */
public final class SubscriptionStreams<E extends com.google.protobuf.Message> {
  /** How often open streams check that this node still leads. */
  static final Duration LEADER_CHECK_INTERVAL = Duration.ofSeconds(1);

  private final Vertx vertx;
  private final LeaderView leader;
  private final SubscriptionStream.Kind<E> kind;
  private final int max;
  private final boolean cleanEndOnLeadershipLoss;
  private final Set<SubscriptionStream<?>> streams = new LinkedHashSet<>();
  private long leaderCheck = -1;

  /**
   * @param cleanEndOnLeadershipLoss whether a deposed leader's streams end cleanly (the
   *     response ends) rather than being cut off (the connection is reset)
   */
  public SubscriptionStreams(Vertx vertx, LeaderView leader, SubscriptionStream.Kind<E> kind, int max,
      boolean cleanEndOnLeadershipLoss) {
    this.vertx = Objects.requireNonNull(vertx, "vertx");
    this.leader = Objects.requireNonNull(leader, "leader");
    this.kind = Objects.requireNonNull(kind, "kind");
    this.max = max;
    this.cleanEndOnLeadershipLoss = cleanEndOnLeadershipLoss;
  }

  /**
   * Opens a stream answering {@code context}, subscribed with {@code subscribe}.
   *
   * @throws Refusal (503) when {@code max} streams are open
   */
  SubscriptionStream<E> open(RoutingContext context, Object subscribe, ProtoMediaType media, long timeoutMillis) {
    checkRoom();
    return open(new SubscriptionStream<>(vertx, kind, context, media, timeoutMillis, this::ended), subscribe);
  }

  /**
   * Opens a stream written to {@code sink} (a gRPC server stream), subscribed with {@code subscribe}.
   *
   * @throws Refusal (503) when {@code max} streams are open
   */
  public SubscriptionStream<E> open(StreamSink<E> sink, Object subscribe, long timeoutMillis) {
    checkRoom();
    return open(new SubscriptionStream<>(vertx, kind, sink, timeoutMillis, this::ended), subscribe);
  }

  private void checkRoom() {
    if (streams.size() >= max) {
      throw new Refusal(Failure.UNAVAILABLE, "This master already serves " + max + " " + kind.name()
          + " event streams; try again later");
    }
  }

  private SubscriptionStream<E> open(SubscriptionStream<E> stream, Object subscribe) {
    streams.add(stream);
    watchLeadership();
    stream.open(subscribe);
    return stream;
  }

  /** Ends every stream cleanly: this node stops serving. */
  public void closeAll(String why) {
    new ArrayList<>(streams).forEach(stream -> stream.close(why));
  }

  /** The number of open streams, for tests and metrics. */
  public int size() {
    return streams.size();
  }

  private void watchLeadership() {
    if (leaderCheck >= 0) {
      return;
    }
    leaderCheck = vertx.setPeriodic(LEADER_CHECK_INTERVAL.toMillis(), id -> {
      if (!leader.leading()) {
        String why = "this master no longer leads";
        new ArrayList<>(streams).forEach(stream -> {
          if (cleanEndOnLeadershipLoss) {
            stream.close(why);
          } else {
            stream.abort(why);
          }
        });
      }
    });
  }

  private void ended(SubscriptionStream<?> stream) {
    streams.remove(stream);
    if (streams.isEmpty() && leaderCheck >= 0) {
      vertx.cancelTimer(leaderCheck);
      leaderCheck = -1;
    }
  }
}
