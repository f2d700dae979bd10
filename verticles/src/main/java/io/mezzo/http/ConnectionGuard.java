package io.mezzo.http;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.DecoderResult;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.ScheduledFuture;
import io.vertx.core.http.HttpConnection;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Watches one HTTP/1.x connection around Netty's request decoder, where Vert.x offers no hook:
 *
 * <ul>
 *   <li><b>Head deadline</b> (slowloris): a request line and its headers must arrive within
 *       the header timeout, counted from the connection's opening and, for later requests on
 *       a kept-alive connection, from their first byte. Otherwise the connection is closed
 *       without an answer: the client is not reading one (as Go's ReadHeaderTimeout does).
 *       A connection waiting quietly between requests is the idle timeout's business.
 *   <li><b>Versions</b>: Vert.x answers any version but 1.0 and 1.1 with a bare 501 before a
 *       route runs. Here a later 1.x is served as HTTP/1.1 (RFC 9112, section 2.3), and any
 *       other version is marked as a decoding failure, so that it reaches the server's
 *       invalid-request handler ({@link HttpErrors#invalidRequest}), which answers 505 in JSON.
 *   <li><b>Broken bodies</b>: a malformed chunk makes Vert.x close the connection at once, so
 *       the router's answer is never flushed. Here the client gets a JSON 400 first.
 * </ul>
 *
 * Everything runs on the connection's event loop; there is nothing to lock.
 */
final class ConnectionGuard {
  private static final Logger LOG = LoggerFactory.getLogger(ConnectionGuard.class);
  /** The name Vert.x gives the request decoder in an HTTP/1.x pipeline. */
  static final String DECODER = "httpDecoder";
  private static final AtomicBoolean MISSING_DECODER_LOGGED = new AtomicBoolean();

  /** A request in a version of HTTP this server does not speak. */
  static final class UnsupportedVersionException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    UnsupportedVersionException(String version) {
      super(version + " is not supported; send HTTP/1.1 (or HTTP/1.0)", null, false, false);
    }
  }

  private final long headerTimeoutNanos;
  /** True from the end of a request (or the opening) until the next request's head is decoded. */
  private boolean awaitingHead = true;
  private ScheduledFuture<?> deadline;

  private ConnectionGuard(Duration headerTimeout) {
    this.headerTimeoutNanos = headerTimeout.toNanos();
  }

  /**
   * Guards {@code connection}, a server connection just accepted; the head deadline of its
   * first request starts now. Connections that are not HTTP/1.x are left alone.
   */
  static void install(HttpConnection connection, Duration headerTimeout) {
    Objects.requireNonNull(headerTimeout, "headerTimeout");
    // Vert.x exposes a connection's Netty pipeline only through its internal interface.
    if (!(connection instanceof io.vertx.core.http.impl.HttpServerConnection internal)) {
      return;
    }
    ChannelPipeline pipeline = internal.channelHandlerContext().pipeline();
    if (pipeline.get(DECODER) == null) {
      if (MISSING_DECODER_LOGGED.compareAndSet(false, true)) {
        LOG.warn("HTTP connections are not guarded: no '{}' in the pipeline {}", DECODER, pipeline.names());
      }
      return;
    }
    ConnectionGuard guard = new ConnectionGuard(headerTimeout);
    pipeline.addBefore(DECODER, "mezzoBytes", guard.new Bytes());
    pipeline.addAfter(DECODER, "mezzoRequests", guard.new Requests());
    guard.arm(internal.channelHandlerContext());
  }

  private void arm(ChannelHandlerContext ctx) {
    if (deadline == null) {
      deadline = ctx.executor().schedule(() -> {
        LOG.debug("closing HTTP connection from {}: no complete request head within {} ms",
            ctx.channel().remoteAddress(), TimeUnit.NANOSECONDS.toMillis(headerTimeoutNanos));
        ctx.channel().close();
      }, headerTimeoutNanos, TimeUnit.NANOSECONDS);
    }
  }

  private void disarm() {
    if (deadline != null) {
      deadline.cancel(false);
      deadline = null;
    }
  }

  /** Before the decoder: sees raw bytes, and starts the deadline of a request's head. */
  private final class Bytes extends ChannelInboundHandlerAdapter {
    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
      if (awaitingHead && msg instanceof ByteBuf bytes && bytes.isReadable()) {
        arm(ctx);
      }
      ctx.fireChannelRead(msg);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
      disarm();
      ctx.fireChannelInactive();
    }
  }

  /** After the decoder: sees requests and body pieces. */
  private final class Requests extends ChannelInboundHandlerAdapter {
    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
      if (msg instanceof HttpRequest request) {
        awaitingHead = false;
        disarm();
        checkVersion(request);
      }
      if (msg instanceof HttpContent content && !(msg instanceof HttpRequest) && content.decoderResult().isFailure()) {
        refuseBody(ctx, content);
        return;
      }
      if (msg instanceof LastHttpContent) {
        awaitingHead = true;
      }
      ctx.fireChannelRead(msg);
    }
  }

  private static void checkVersion(HttpRequest request) {
    if (request.decoderResult().isFailure()) {
      return; // the invalid-request handler answers it already
    }
    HttpVersion version = request.protocolVersion();
    if (version == HttpVersion.HTTP_1_1 || version == HttpVersion.HTTP_1_0) {
      return;
    }
    // Vert.x recognizes the two constants only; an equal version parsed apart is set to one.
    if (version.protocolName().equals("HTTP") && version.majorVersion() == 1) {
      request.setProtocolVersion(version.minorVersion() == 0 ? HttpVersion.HTTP_1_0 : HttpVersion.HTTP_1_1);
      return;
    }
    // Answered as HTTP/1.1, the version this server speaks: the client's own cannot be answered in.
    request.setProtocolVersion(HttpVersion.HTTP_1_1);
    request.setDecoderResult(DecoderResult.failure(new UnsupportedVersionException(version.text())));
  }

  /**
   * Answers a request whose body cannot be decoded with a JSON 400 and closes the connection.
   * The bytes are written below the response encoder, ahead of anything Vert.x might still
   * write; Vert.x then sees a closed connection and drops the request.
   */
  private static void refuseBody(ChannelHandlerContext ctx, HttpContent content) {
    Throwable cause = content.decoderResult().cause();
    ReferenceCountUtil.release(content);
    String reason = cause == null || cause.getMessage() == null ? "undecodable" : cause.getMessage();
    LOG.debug("refusing an HTTP request body from {}: {}", ctx.channel().remoteAddress(), reason);
    byte[] body = HttpErrors.json(400, "Malformed HTTP request body: " + reason).getBytes(StandardCharsets.UTF_8);
    String head = "HTTP/1.1 400 Bad Request\r\n"
        + "Content-Type: application/json\r\n"
        + "Content-Length: " + body.length + "\r\n"
        + "Connection: close\r\n\r\n";
    ByteBuf response = Unpooled.buffer(head.length() + body.length)
        .writeBytes(head.getBytes(StandardCharsets.ISO_8859_1))
        .writeBytes(body);
    ctx.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE);
  }
}
