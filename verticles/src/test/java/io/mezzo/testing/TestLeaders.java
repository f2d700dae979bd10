package io.mezzo.testing;

import io.mezzo.master.http.LeaderView;
import io.mezzo.v1.MasterInfo;
import java.util.function.BooleanSupplier;

/** Leaderships a test controls, for HTTP endpoints served without a master. */
public final class TestLeaders {
  private TestLeaders() {}

  /** A node that leads while {@code leading} says so, and knows no other leader. */
  public static LeaderView leadingWhile(BooleanSupplier leading) {
    return new LeaderView() {
      @Override
      public boolean leading() {
        return leading.getAsBoolean();
      }

      @Override
      public MasterInfo leader() {
        return null;
      }
    };
  }
}
