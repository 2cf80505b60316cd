package dev.htapod.replay;

import dev.htapod.netstack.FlowKey;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/** What becomes of a request the recording does not hold. */
public interface MissedRequests {
  /**
   * A request the recording lacks.
   *
   * @param request the request (its reference is the callee's to release)
   * @param url its URL
   * @param why why the recording holds no answer
   * @param key its connection
   * @param serverName the TLS server name it came with, or null for plain HTTP
   * @param tls whether it came over TLS
   */
  record Miss(FullHttpRequest request, String url, String why, FlowKey key, String serverName, boolean tls) {}

  /**
   * Answers {@code miss}: {@code respond} gets the response, on the stack's loop; {@code failed}
   * instead gets why there is none.
   */
  void answer(Miss miss, Consumer<FullHttpResponse> respond, Consumer<String> failed);

  /** Whether the answers are made up here (a 502), not fetched. */
  default boolean fails() {
    return false;
  }

  /** A 502 whose text says why, for each miss, counted in {@code count}. */
  static MissedRequests failing(AtomicInteger count) {
    return new MissedRequests() {
      @Override
      public void answer(Miss miss, Consumer<FullHttpResponse> respond, Consumer<String> failed) {
        count.incrementAndGet();
        String method = miss.request().method().name();
        miss.request().release();
        respond.accept(badGateway("htapod --replay: " + method + " " + miss.url() + " is not in the recording ("
            + miss.why() + ")\n"));
      }

      @Override
      public boolean fails() {
        return true;
      }
    };
  }

  /** A 502 Bad Gateway with {@code text} as its body. */
  static FullHttpResponse badGateway(String text) {
    FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.BAD_GATEWAY,
        Unpooled.copiedBuffer(text, StandardCharsets.UTF_8));
    response.headers().set(HttpHeaderNames.CONTENT_TYPE, "text/plain; charset=utf-8");
    response.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, response.content().readableBytes());
    return response;
  }
}
