package io.mezzo.state;

/** Opens the state store of one leadership term. */
@FunctionalInterface
public interface StateStoreFactory {
  /**
   * @param epoch the term's epoch, carried by every write
   * @param onFenced called when a write is refused because a later leader exists
   */
  StateStore forTerm(long epoch, Runnable onFenced);

  /** The factory of masters without a cluster: nothing is kept. */
  static StateStoreFactory none() {
    return (epoch, onFenced) -> StateStore.none();
  }
}
