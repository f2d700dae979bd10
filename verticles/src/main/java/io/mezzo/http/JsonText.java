package io.mezzo.http;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import io.mezzo.bus.Refusal;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * The gate every JSON request body passes before it is read as a protobuf message: the bytes
 * must be UTF-8 and the text exactly one JSON value in strict RFC 8259 syntax. Protobuf's
 * {@code JsonFormat} cannot be trusted with either: it is handed a Java string (so invalid
 * bytes were already replaced by U+FFFD), and its Gson reader is lenient (comments, single
 * quotes, a value followed by anything). Apache Mesos refuses both, and so does this gate.
 * Which fields a message accepts is not checked here; that is the parser's business.
 */
public final class JsonText {
  /**
   * Deepest nesting accepted. No message of the schema nests anywhere near this, and
   * {@code JsonFormat} gives up at the same depth; refusing here keeps its recursive reader
   * away from hostile depths.
   */
  public static final int MAX_DEPTH = 100;

  private static final JsonFactory STRICT = JsonFactory.builder()
      .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(MAX_DEPTH).build())
      .build();

  private JsonText() {}

  /**
   * The text of a JSON body.
   *
   * @param what the message the body should hold, for errors ({@code Call})
   * @throws Refusal (400) when the bytes are not UTF-8, or not one strict JSON value
   */
  public static String of(byte[] body, String what) {
    String text = utf8(body, what);
    checkSyntax(text, what);
    return text;
  }

  /** Decodes strictly: a malformed byte is an error that says where, never a U+FFFD. */
  private static String utf8(byte[] body, String what) {
    CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
        .onMalformedInput(CodingErrorAction.REPORT)
        .onUnmappableCharacter(CodingErrorAction.REPORT);
    ByteBuffer in = ByteBuffer.wrap(body);
    // UTF-8 never yields more chars than bytes.
    CharBuffer out = CharBuffer.allocate(body.length);
    CoderResult result = decoder.decode(in, out, true);
    if (!result.isError()) {
      result = decoder.flush(out);
    }
    if (result.isError()) {
      throw Refusal.badRequest("Invalid " + what + " JSON: the body is not valid UTF-8 (byte 0x"
          + Integer.toHexString(body[in.position()] & 0xff) + " at offset " + in.position() + ")");
    }
    out.flip();
    return out.toString();
  }

  private static void checkSyntax(String text, String what) {
    try (JsonParser parser = STRICT.createParser(text)) {
      JsonToken first = parser.nextToken();
      if (first == null) {
        throw Refusal.badRequest("Invalid " + what + " JSON: the body holds no JSON value");
      }
      checkStrings(parser, first, what);
      if (first.isStructStart()) {
        int depth = 1;
        while (depth > 0) {
          JsonToken token = parser.nextToken();
          if (token == null) {
            // The parser reports a truncated value itself; this only keeps a null from slipping by.
            throw Refusal.badRequest("Invalid " + what + " JSON: the body ends inside a value");
          }
          depth += token.isStructStart() ? 1 : token.isStructEnd() ? -1 : 0;
          checkStrings(parser, token, what);
        }
      }
      if (parser.nextToken() != null) {
        throw Refusal.badRequest("Invalid " + what + " JSON: more data follows the JSON value at "
            + where(parser.currentTokenLocation()));
      }
    } catch (JsonProcessingException e) {
      // Also garbage after the value: the parser refuses it as an unrecognized token.
      String reason = e.getOriginalMessage();
      if (reason != null && reason.length() > 200) {
        reason = reason.substring(0, 200) + "...";
      }
      throw Refusal.badRequest("Invalid " + what + " JSON: " + reason
          + (e.getLocation() == null ? "" : " at " + where(e.getLocation())));
    } catch (IOException e) {
      // A parser reading a string performs no I/O; kept apart so that nothing is swallowed.
      throw new IllegalStateException("reading JSON from a string failed", e);
    }
  }

  /**
   * Refuses a string or name holding a lone surrogate ({@code "\ud800"}): valid JSON syntax,
   * but no Unicode text, and protobuf would store it as {@code ?}.
   */
  private static void checkStrings(JsonParser parser, JsonToken token, String what) throws IOException {
    if (token != JsonToken.VALUE_STRING && token != JsonToken.FIELD_NAME) {
      return;
    }
    char[] chars = parser.getTextCharacters();
    int end = parser.getTextOffset() + parser.getTextLength();
    for (int i = parser.getTextOffset(); i < end; i++) {
      char c = chars[i];
      if (Character.isHighSurrogate(c) && i + 1 < end && Character.isLowSurrogate(chars[i + 1])) {
        i++;
      } else if (Character.isSurrogate(c)) {
        throw Refusal.badRequest("Invalid " + what + " JSON: a string holds an unpaired UTF-16 surrogate (\\u"
            + Integer.toHexString(c) + ") at " + where(parser.currentTokenLocation()));
      }
    }
  }

  private static String where(JsonLocation location) {
    return "line " + location.getLineNr() + ", column " + location.getColumnNr();
  }
}
