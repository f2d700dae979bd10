package io.mezzo.state;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import com.hazelcast.map.EntryProcessor;
import io.mezzo.v1.internal.StateRecord;
import java.io.Serial;
import java.util.Map;

/**
 * Writes (or, with null data, deletes) one state entry on the member that owns it, unless
 * the entry was written by a later epoch: the check and the write are atomic there, which
 * is what fences a deposed leader. Answers whether the write happened.
 */
public final class FencedWrite implements EntryProcessor<String, byte[], Boolean> {
  @Serial private static final long serialVersionUID = 1L;

  private final long epoch;
  private final byte[] data;

  public FencedWrite(long epoch, byte[] data) {
    this.epoch = epoch;
    this.data = data;
  }

  @Override
  public Boolean process(Map.Entry<String, byte[]> entry) {
    if (epochOf(entry.getValue()) > epoch) {
      return false;
    }
    if (data == null) {
      entry.setValue(null);
    } else {
      entry.setValue(StateRecord.newBuilder().setEpoch(epoch).setData(ByteString.copyFrom(data)).build().toByteArray());
    }
    return true;
  }

  /** The epoch stamped on a stored value; -1 for none (absent or unreadable). */
  static long epochOf(byte[] stored) {
    if (stored == null) {
      return -1;
    }
    try {
      return StateRecord.parseFrom(stored).getEpoch();
    } catch (InvalidProtocolBufferException e) {
      return -1;
    }
  }
}
