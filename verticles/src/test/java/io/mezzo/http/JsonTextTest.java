package io.mezzo.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mezzo.bus.Refusal;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The encoding and syntax gate of JSON bodies: strict where protobuf's parser is lenient. */
class JsonTextTest {
  private static String of(String text) {
    return JsonText.of(text.getBytes(StandardCharsets.UTF_8), "Call");
  }

  private static String refused(byte[] body) {
    Refusal e = assertThrows(Refusal.class, () -> JsonText.of(body, "Call"));
    assertEquals(400, e.status());
    assertTrue(e.getMessage().startsWith("Invalid Call JSON: "), e.getMessage());
    return e.getMessage();
  }

  private static String refused(String text) {
    return refused(text.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void oneStrictValueIsItsOwnText() {
    String call = "{\"type\": \"SUBSCRIBE\", \"subscribe\": {\"framework_info\": {\"name\": \"caf\u00e9 \uD83D\uDE00\"}}}";
    assertEquals(call, of(call));
    assertEquals(" {\"a\": [1, 2.5e3, true, null]}\r\n\t", of(" {\"a\": [1, 2.5e3, true, null]}\r\n\t"));
    assertEquals("\"\\ud83d\\ude00\"", of("\"\\ud83d\\ude00\""), "an escaped surrogate pair is one character");
  }

  @Test
  void invalidUtf8IsRefusedWithItsOffset() {
    byte[] latin1 = "{\"type\": \"caf\u00e9\"}".getBytes(StandardCharsets.ISO_8859_1);
    assertTrue(refused(latin1).contains("not valid UTF-8 (byte 0xe9 at offset 13)"), refused(latin1));
    // An encoded surrogate (CESU-8) and an overlong '/' are not UTF-8 either.
    assertTrue(refused(new byte[] {'"', (byte) 0xed, (byte) 0xa0, (byte) 0x80, '"'}).contains("UTF-8"));
    assertTrue(refused(new byte[] {'"', (byte) 0xc0, (byte) 0xaf, '"'}).contains("UTF-8"));
    // A sequence cut off at the end of the body.
    assertTrue(refused(new byte[] {'"', 'a', (byte) 0xe2, (byte) 0x82}).contains("UTF-8"));
  }

  @Test
  void trailingDataIsRefused() {
    assertTrue(refused("{\"type\":\"GET_HEALTH\"} garbage").contains("garbage"), refused("{\"type\":\"GET_HEALTH\"} garbage"));
    assertTrue(refused("{\"type\":\"GET_HEALTH\"} {}").contains("more data follows"));
    assertTrue(refused("{\"type\":\"GET_HEALTH\"}}").contains("line 1"));
    refused("\"a\" \"b\"");
  }

  @Test
  void lenientSyntaxIsRefused() {
    refused("{'type': 'GET_HEALTH'}");
    refused("{type: \"GET_HEALTH\"}");
    refused("{\"type\": \"GET_HEALTH\" /* a comment */}");
    refused("{\"a\": [1, 2,]}");
    refused("{\"a\": NaN}");
    refused("{\"a\": 01}");
    refused("{\"a\": \"tab\there\"}");
    refused("\uFEFF{}");
    assertTrue(refused("").contains("no JSON value"));
    assertTrue(refused("   ").contains("no JSON value"));
    refused("{\"type\": ");
  }

  @Test
  void loneSurrogateEscapesAreRefused() {
    assertTrue(refused("{\"name\": \"a\\ud800b\"}").contains("unpaired UTF-16 surrogate (\\ud800)"));
    assertTrue(refused("{\"\\udc00\": 1}").contains("surrogate"));
  }

  @Test
  void nestingIsBounded() {
    String deep = "[".repeat(JsonText.MAX_DEPTH) + "]".repeat(JsonText.MAX_DEPTH);
    assertEquals(deep, of(deep));
    refused("[".repeat(JsonText.MAX_DEPTH + 1) + "]".repeat(JsonText.MAX_DEPTH + 1));
    refused("[".repeat(200_000));
  }
}
