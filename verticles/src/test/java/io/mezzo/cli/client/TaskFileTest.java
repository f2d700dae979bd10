package io.mezzo.cli.client;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class TaskFileTest {
  @Test
  void lastLines() {
    assertEquals("c\nd\n", TaskFile.lastLines("a\nb\nc\nd\n", 2));
    assertEquals("d", TaskFile.lastLines("a\nb\nc\nd", 1));
    assertEquals("c\nd", TaskFile.lastLines("a\nb\nc\nd", 2));
    assertEquals("a\nb\n", TaskFile.lastLines("a\nb\n", 5));
    assertEquals("", TaskFile.lastLines("", 3));
    assertEquals("b\n\n", TaskFile.lastLines("a\nb\n\n", 2));
  }
}
