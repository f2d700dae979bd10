package io.mezzo.state;

import com.hazelcast.map.EntryProcessor;
import io.mezzo.v1.internal.StateRecord;
import java.io.Serial;
import java.util.Map;

/**
 * Raises the cluster's epoch high-water mark to a new leader's epoch, atomically; answers
 * false (and changes nothing) when the mark is already at or above it.
 */
public final class EpochAdvance implements EntryProcessor<String, byte[], Boolean> {
  @Serial private static final long serialVersionUID = 1L;

  private final long epoch;

  public EpochAdvance(long epoch) {
    this.epoch = epoch;
  }

  /** The epoch recorded in a stored metadata value; -1 for none. */
  public static long epochOf(byte[] stored) {
    return FencedWrite.epochOf(stored);
  }

  @Override
  public Boolean process(Map.Entry<String, byte[]> entry) {
    if (FencedWrite.epochOf(entry.getValue()) >= epoch) {
      return false;
    }
    entry.setValue(StateRecord.newBuilder().setEpoch(epoch).build().toByteArray());
    return true;
  }
}
