package io.mezzo.agent.fetcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The cache's size limit and LRU eviction, and that files in use are never evicted. */
class CacheIndexTest {
  @Test
  void leastRecentlyUsedEntriesGoFirstToMakeRoom() {
    CacheIndex index = new CacheIndex(100);
    assertEquals(List.of(), index.admit("a", 40));
    assertEquals(List.of(), index.admit("b", 40));
    index.release("a");
    index.release("b");
    // Using a makes b the least recently used.
    assertTrue(index.acquire("a"));
    index.release("a");
    assertEquals(List.of("b"), index.admit("c", 50));
    assertEquals(90, index.used());
    assertTrue(index.contains("a"));
    assertFalse(index.contains("b"));
  }

  @Test
  void entriesInUseAreNeverEvicted() {
    CacheIndex index = new CacheIndex(100);
    index.admit("a", 60);
    // a is still pinned by its download: c cannot fit without evicting it.
    assertNull(index.admit("c", 50));
    assertEquals(60, index.used());
    index.release("a");
    assertEquals(List.of("a"), index.admit("c", 50));
  }

  @Test
  void anEntryLargerThanTheCacheIsRefusedAndChangesNothing() {
    CacheIndex index = new CacheIndex(100);
    index.admit("a", 10);
    index.release("a");
    assertNull(index.admit("big", 101));
    assertTrue(index.contains("a"));
    assertEquals(10, index.used());
  }

  @Test
  void restoredEntriesAreTrimmedToTheCapacityOldestFirst() {
    CacheIndex index = new CacheIndex(100);
    assertEquals(List.of(), index.restore("old", 60));
    assertEquals(List.of(), index.restore("mid", 30));
    assertEquals(List.of("old"), index.restore("new", 50));
    assertEquals(80, index.used());
    assertEquals(2, index.size());
    assertFalse(index.acquire("old"));
  }
}
