package io.mezzo.state;

import com.google.protobuf.InvalidProtocolBufferException;
import com.hazelcast.map.EntryProcessor;
import io.mezzo.v1.internal.StateRecord;
import java.io.Serial;
import java.util.Map;

/**
 * Stamps every entry of a map with a new leader's epoch (entries of a later epoch are left
 * alone), so that from then on no write of an earlier leader can change them.
 */
public final class FencedClaim implements EntryProcessor<String, byte[], Boolean> {
  @Serial private static final long serialVersionUID = 1L;

  private final long epoch;

  public FencedClaim(long epoch) {
    this.epoch = epoch;
  }

  @Override
  public Boolean process(Map.Entry<String, byte[]> entry) {
    byte[] stored = entry.getValue();
    if (stored == null || FencedWrite.epochOf(stored) >= epoch) {
      return false;
    }
    try {
      entry.setValue(StateRecord.parseFrom(stored).toBuilder().setEpoch(epoch).build().toByteArray());
      return true;
    } catch (InvalidProtocolBufferException e) {
      return false;
    }
  }
}
