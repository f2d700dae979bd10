package io.mezzo.mesos;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.InvalidProtocolBufferException;
import com.mesosphere.mesos.rx.java.AwaitableSubscription;
import com.mesosphere.mesos.rx.java.MesosClient;
import com.mesosphere.mesos.rx.java.MesosClientBuilder;
import com.mesosphere.mesos.rx.java.SinkOperation;
import com.mesosphere.mesos.rx.java.SinkOperations;
import com.mesosphere.mesos.rx.java.util.MessageCodec;
import com.mesosphere.mesos.rx.java.util.UserAgentEntries;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.mesos.v1.Protos.FrameworkID;
import org.apache.mesos.v1.Protos.Offer;
import org.apache.mesos.v1.Protos.TaskState;
import org.apache.mesos.v1.Protos.TaskStatus;
import org.apache.mesos.v1.scheduler.Protos.Call;
import org.apache.mesos.v1.scheduler.Protos.Event;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import rx.Observable;

/**
 * Mesosphere's mesos-rxjava, a real scheduler library, drives a Mezzo master: it finds the
 * leader through {@code /redirect}, subscribes, launches a command task, sees it FINISHED
 * (acknowledging its updates), and tears down: against a leader, and given a standby of a
 * three-master cluster, whose 307 it follows.
 */
@ExtendWith(SharedLocal.class)
class RxJavaClientTest {

  /** Protobuf on Mesos's classes, parsed strictly (parseFrom checks required fields). */
  private static final class Codec<T extends com.google.protobuf.Message> implements MessageCodec<T> {
    private final com.google.protobuf.Parser<T> parser;

    Codec(com.google.protobuf.Parser<T> parser) {
      this.parser = parser;
    }

    @Override
    public byte[] encode(T message) {
      return message.toByteArray();
    }

    @Override
    public T decode(byte[] bytes) {
      try {
        return parser.parseFrom(bytes);
      } catch (InvalidProtocolBufferException e) {
        throw new IllegalStateException(e);
      }
    }

    @Override
    public T decode(InputStream in) {
      try {
        return parser.parseFrom(in);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }

    @Override
    public String mediaType() {
      return "application/x-protobuf";
    }

    @Override
    public String show(T message) {
      return message.toString();
    }
  }

  @Test
  void subscribesLaunchesSeesFinishedAndTearsDown(MesosLocal local) throws Throwable {
    runTaskThrough(local.master());
  }

  /** Given a standby's address, the library follows its 307 to the leader and works as well. */
  @Test
  void worksThroughAStandbysRedirect() throws Throwable {
    try (MesosCluster cluster = new MesosCluster()) {
      int leader = cluster.awaitLeader(java.time.Duration.ofMinutes(2));
      URI standby = cluster.master((leader + 1) % 3);
      assertEquals(307, Http.get(standby.resolve("/redirect")).statusCode());
      runTaskThrough(standby);
    }
  }

  private static void runTaskThrough(URI master) throws Throwable {
    AtomicReference<FrameworkID> framework = new AtomicReference<>();
    AtomicBoolean launched = new AtomicBoolean();
    List<TaskState> states = new CopyOnWriteArrayList<>();
    CompletableFuture<Void> finished = new CompletableFuture<>();
    Call subscribe = Call.newBuilder().setType(Call.Type.SUBSCRIBE)
        .setSubscribe(Call.Subscribe.newBuilder().setFrameworkInfo(Frameworks.info("rxjava"))).build();

    MesosClient<Call, Event> client = MesosClientBuilder.<Call, Event>newBuilder()
        .sendCodec(new Codec<>(Call.parser()))
        .receiveCodec(new Codec<>(Event.parser()))
        .mesosUri(master.resolve("/api/v1/scheduler"))
        .applicationUserAgentEntry(UserAgentEntries.literal("mezzo-tests-mesos", "1"))
        .subscribe(subscribe)
        .processStream(events -> events.flatMap(event -> react(event, framework, launched, states, finished)))
        .build();
    AwaitableSubscription subscription = client.openStream();
    try {
      finished.get(MesosScheduler.WAIT.toSeconds() * 2, TimeUnit.SECONDS);
    } finally {
      subscription.unsubscribe();
    }
    assertTrue(states.contains(TaskState.TASK_FINISHED), states.toString());
  }

  private static Observable<Optional<SinkOperation<Call>>> react(Event event, AtomicReference<FrameworkID> framework,
      AtomicBoolean launched, List<TaskState> states, CompletableFuture<Void> finished) {
    switch (event.getType()) {
      case SUBSCRIBED -> framework.set(event.getSubscribed().getFrameworkId());
      case OFFERS -> {
        Offer offer = event.getOffers().getOffers(0);
        Call call = launched.compareAndSet(false, true)
            ? Call.newBuilder().setType(Call.Type.ACCEPT).setFrameworkId(framework.get())
                .setAccept(Tasks.launch(offer, List.of(Tasks.command("rx-task", offer, "true")))).build()
            : Call.newBuilder().setType(Call.Type.DECLINE).setFrameworkId(framework.get())
                .setDecline(Call.Decline.newBuilder().addOfferIds(offer.getId())).build();
        return Observable.just(Optional.of(SinkOperations.create(call)));
      }
      case UPDATE -> {
        TaskStatus status = event.getUpdate().getStatus();
        states.add(status.getState());
        Observable<Optional<SinkOperation<Call>>> ack = status.hasUuid()
            ? Observable.just(Optional.of(SinkOperations.create(Call.newBuilder().setType(Call.Type.ACKNOWLEDGE)
                .setFrameworkId(framework.get()).setAcknowledge(Call.Acknowledge.newBuilder()
                    .setAgentId(status.getAgentId()).setTaskId(status.getTaskId()).setUuid(status.getUuid())).build())))
            : Observable.empty();
        if (status.getState() == TaskState.TASK_FINISHED) {
          Call teardown = Call.newBuilder().setType(Call.Type.TEARDOWN).setFrameworkId(framework.get()).build();
          return ack.concatWith(Observable.just(Optional.of(SinkOperations.create(teardown,
              () -> finished.complete(null), finished::completeExceptionally))));
        }
        return ack;
      }
      default -> { }
    }
    return Observable.empty();
  }
}
