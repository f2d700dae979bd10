package io.mezzo.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

/** IDs end up in event-bus addresses and sandbox paths, so only safe ones pass. */
class IdsTest {

  @ParameterizedTest
  @ValueSource(strings = {
      "task-1", "a", "_", "0", "web.frontend.1", "20240101-000000-1:5050@host", "a..b", "a-", "UPPER_lower"})
  void acceptsSafeIds(String id) {
    assertTrue(Ids.isValid(id), id);
    assertNull(Ids.problem("task", id));
  }

  @Test
  void acceptsTheLongestId() {
    String id = "x".repeat(Ids.MAX_LENGTH);
    assertTrue(Ids.isValid(id));
    assertNull(Ids.problem("agent", id));
  }

  @ParameterizedTest
  @ValueSource(strings = {
      ".", "..", "a/b", "../etc", "-a", "-", ".hidden", ":a", "@a", "a b", " a", "a\nb", "a\\b",
      "a\u0000b", "é", "a*", "a$b", "a;b", "a,b"})
  void rejectsUnsafeIds(String id) {
    assertFalse(Ids.isValid(id), id);
    String problem = Ids.problem("task", id);
    assertNotNull(problem, id);
    assertTrue(problem.startsWith("task ID '"), problem);
  }

  @ParameterizedTest
  @NullAndEmptySource
  void rejectsMissingIds(String id) {
    assertFalse(Ids.isValid(id));
    assertEquals("framework ID is missing", Ids.problem("framework", id));
  }

  @Test
  void rejectsOverlongIds() {
    String id = "x".repeat(Ids.MAX_LENGTH + 1);
    assertFalse(Ids.isValid(id));
    assertEquals("executor ID is longer than 255 characters", Ids.problem("executor", id));
  }
}
