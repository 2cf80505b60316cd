package dev.htapod.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http2.DefaultHttp2Headers;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Writes connections as htapod's relay would and reads the files back with the real tshark. */
class PcapngWriterTest {
  private static final InetSocketAddress CLIENT = new InetSocketAddress("10.0.2.100", 40000);
  private static final String GET =
      "GET /hello?x=1 HTTP/1.1\r\nHost: example.com\r\nUser-Agent: curl/8.0\r\nAccept: */*\r\n\r\n";
  private static final String OK =
      "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 6\r\n\r\nhello\n";

  @TempDir Path dir;

  /**
   * Plain TCP: 8080 is an HTTP port to Wireshark; on 443 the TLS dissector gives up on the first
   * segment and Wireshark's HTTP heuristic claims the connection ("HTTP/1.1" ends the first line).
   */
  @ParameterizedTest
  @CsvSource({"8080", "443"})
  void plainHttp11IsDissectedAsHttp(int port) throws IOException {
    Path file = dir.resolve("http.pcapng");
    try (PcapngWriter pcap = new PcapngWriter(file)) {
      exchange(pcap.tcp(CLIENT, server("10.0.2.2", port)), GET, OK);
    }
    assertThat(requests(file)).containsExactly("GET|/hello?x=1|example.com|" + port);
    assertThat(Tshark.fields(file, "http.response", "http.response.code", "http.content_type"))
        .containsExactly("200|text/plain");
    Tshark.assertClean(file);
  }

  @ParameterizedTest
  @CsvSource({"443, http/1.1", "8443, http/1.1", "8443, ''"})
  void decryptedHttp11IsDissectedAsHttpOnItsRealPort(int port, String alpn) throws IOException {
    Path file = dir.resolve("https.pcapng");
    try (PcapngWriter pcap = new PcapngWriter(file)) {
      exchange(pcap.decryptedTls(CLIENT, server("93.184.216.34", port), "example.com", alpn), GET, OK);
    }
    assertThat(requests(file)).containsExactly("GET|/hello?x=1|example.com|" + port);
    assertThat(Tshark.fields(file, "http.response", "http.response.code")).containsExactly("200");
    assertThat(Tshark.fields(file, "tls.handshake.type == 1", "tls.handshake.extensions_server_name"))
        .containsExactly("example.com");
    Tshark.assertClean(file);
  }

  @ParameterizedTest
  @CsvSource({"false, 8080", "true, 443"})
  void aPostBodySpanningSegmentsIsReassembled(boolean decrypted, int port) throws IOException {
    Path file = dir.resolve("post.pcapng");
    String body = "a".repeat(50_000) + "b".repeat(50_000);
    InetSocketAddress server = server("10.0.2.2", port);
    try (PcapngWriter pcap = new PcapngWriter(file)) {
      TcpTrace trace = decrypted ? pcap.decryptedTls(CLIENT, server, null, null) : pcap.tcp(CLIENT, server);
      send(trace, true, "POST /upload HTTP/1.1\r\nHost: example.com\r\nContent-Length: 100000\r\n\r\n");
      send(trace, true, body.substring(0, 60_000));
      send(trace, true, body.substring(60_000));
      send(trace, false, "HTTP/1.1 201 Created\r\nContent-Length: 0\r\n\r\n");
      trace.clientEnded();
      trace.serverEnded();
    }
    assertThat(Tshark.fields(file, "http.request",
        "http.request.method", "http.request.uri", "http.content_length"))
        .containsExactly("POST|/upload|100000");
    assertThat(Tshark.fields(file, "http.response", "http.response.code")).containsExactly("201");
    assertThat(Tshark.fields(file, "tcp.srcport == 40000 && tcp.len > 0", "tcp.len")).hasSizeGreaterThan(4);
    Tshark.assertClean(file);
  }

  @Test
  void anIpv6ConnectionKeepsItsAddresses() throws IOException {
    Path file = dir.resolve("v6.pcapng");
    try (PcapngWriter pcap = new PcapngWriter(file)) {
      exchange(pcap.tcp(new InetSocketAddress("fd00::100", 40000), server("fd00::2", 80)), GET, OK);
    }
    assertThat(Tshark.fields(file, "http.request",
        "ipv6.src", "ipv6.dst", "tcp.srcport", "http.request.uri"))
        .containsExactly("fd00::100|fd00::2|40000|/hello?x=1");
    assertThat(Tshark.fields(file, "http.response", "http.response.code")).containsExactly("200");
    Tshark.assertClean(file);
  }

  @ParameterizedTest
  @CsvSource({"443, h2", "8443, h2", "443, ''", "8443, ''"})
  void decryptedHttp2IsDissectedWithItsHeaders(int port, String alpn) throws IOException {
    Path file = dir.resolve("h2.pcapng");
    try (PcapngWriter pcap = new PcapngWriter(file)) {
      TcpTrace trace = pcap.decryptedTls(CLIENT, server("93.184.216.34", port), "example.com", alpn);
      Http2Bytes client = new Http2Bytes().preface()
          .headers(1, requestHeaders("GET", "/index.html"), true)
          .headers(3, requestHeaders("POST", "/api/items").add("content-type", "application/json"), false)
          .data(3, "{\"name\":\"x\"}", true);
      Http2Bytes server = new Http2Bytes().settings().settingsAck()
          .headers(1, new DefaultHttp2Headers().status("200").add("content-type", "text/html"), false)
          .data(1, "<html></html>", true)
          .headers(3, new DefaultHttp2Headers().status("201"), true);
      send(trace, true, client.take());
      send(trace, false, server.take());
      send(trace, true, client.settingsAck().take());
      trace.clientEnded();
      trace.serverEnded();
    }
    assertThat(Tshark.fields(file, "http2.type == 1 && tcp.dstport == " + port,
        "http2.headers.method", "http2.headers.path", "http2.headers.authority"))
        .containsExactly("GET,POST|/index.html,/api/items|example.com,example.com");
    assertThat(Tshark.fields(file, "http2.type == 1 && tcp.srcport == " + port, "http2.headers.status"))
        .containsExactly("200,201");
    assertThat(Tshark.fields(file, "http2.type == 0", "http2.streamid")).isNotEmpty();
    Tshark.assertClean(file);
  }

  @Test
  void dnsDatagramsAreDissectedAsDns() throws IOException {
    Path file = dir.resolve("dns.pcapng");
    InetSocketAddress resolver = server("10.0.2.3", 53);
    try (PcapngWriter pcap = new PcapngWriter(file)) {
      ByteBuf query = DnsMessages.query(0x1234, "example.com");
      ByteBuf answer = DnsMessages.answer(0x1234, "example.com", new byte[] {93, (byte) 184, (byte) 216, 34});
      pcap.udp(CLIENT, resolver, query);
      pcap.udp(resolver, CLIENT, answer);
      query.release();
      answer.release();
    }
    assertThat(Tshark.fields(file, "dns", "udp.srcport", "dns.flags.response", "dns.qry.name", "dns.a"))
        .containsExactly("40000|0|example.com|", "53|1|example.com|93.184.216.34");
    Tshark.assertClean(file);
  }

  @Test
  void aLongDownloadIsAcknowledgedAsItGoes() throws IOException {
    Path file = dir.resolve("download.pcapng");
    int length = 3 << 20;
    try (PcapngWriter pcap = new PcapngWriter(file)) {
      TcpTrace trace = pcap.tcp(CLIENT, server("10.0.2.2", 8080));
      send(trace, true, GET);
      send(trace, false, "HTTP/1.1 200 OK\r\nContent-Length: " + length + "\r\n\r\n");
      ByteBuf chunk = Unpooled.wrappedBuffer(new byte[64 * 1024]);
      for (int sent = 0; sent < length; sent += chunk.readableBytes()) {
        trace.fromServer(chunk);
      }
      trace.serverEnded();
      trace.clientEnded();
    }
    assertThat(Tshark.fields(file, "http.response", "http.response.code", "http.content_length"))
        .containsExactly("200|" + length);
    String pureAcks = "tcp.srcport == 40000 && tcp.len == 0 && tcp.flags.syn == 0 && tcp.flags.fin == 0";
    assertThat(Tshark.fields(file, pureAcks, "tcp.ack")).as("the handshake's ACK and one per MiB").hasSize(4);
    Tshark.assertClean(file);
  }

  @Test
  void aResetEndsTheConnection() throws IOException {
    Path file = dir.resolve("reset.pcapng");
    try (PcapngWriter pcap = new PcapngWriter(file)) {
      TcpTrace trace = pcap.tcp(CLIENT, server("10.0.2.2", 8080));
      send(trace, true, GET);
      trace.reset();
      send(trace, false, OK);
      trace.clientReset();
    }
    assertThat(Tshark.fields(file, "tcp.flags.reset == 1", "tcp.srcport", "tcp.flags.ack"))
        .containsExactly("8080|1");
    assertThat(Tshark.fields(file, "tcp.srcport == 8080 && tcp.len > 0", "tcp.len")).isEmpty();
    Tshark.assertClean(file);
  }

  @Test
  void buffersAreReadWithoutBeingConsumed() throws IOException {
    ByteBuf data = Unpooled.copiedBuffer(GET, StandardCharsets.US_ASCII);
    data.readerIndex(4);
    try (PcapngWriter pcap = new PcapngWriter(dir.resolve("indices.pcapng"))) {
      pcap.tcp(CLIENT, server("10.0.2.2", 8080)).fromClient(data);
      pcap.decryptedTls(CLIENT, server("10.0.2.2", 443), null, null).fromServer(data);
      pcap.udp(CLIENT, server("10.0.2.3", 53), data);
    }
    assertThat(data.readerIndex()).isEqualTo(4);
    assertThat(data.writerIndex()).isEqualTo(GET.length());
    assertThat(data.refCnt()).isEqualTo(1);
    data.release();
  }

  @Test
  void callsAfterCloseAreIgnored() throws IOException {
    Path file = dir.resolve("closed.pcapng");
    PcapngWriter pcap = new PcapngWriter(file);
    TcpTrace trace = pcap.tcp(CLIENT, server("10.0.2.2", 8080));
    send(trace, true, GET);
    pcap.close();
    send(trace, false, OK);
    trace.serverEnded();
    send(pcap.tcp(CLIENT, server("10.0.2.2", 80)), true, GET);
    pcap.udp(CLIENT, server("10.0.2.3", 53), Unpooled.wrappedBuffer(new byte[12]));
    pcap.close();
    assertThat(Tshark.run(file, List.of())).hasSize(4); // handshake and the request
  }

  @Test
  void aFileThatCannotBeOpenedOrWrittenFailsAtOnce() {
    assertThatThrownBy(() -> new PcapngWriter(dir)).isInstanceOf(IOException.class);
    assertThatThrownBy(() -> new PcapngWriter(Path.of("/dev/full")))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("No space left");
  }

  private static InetSocketAddress server(String address, int port) {
    return new InetSocketAddress(address, port);
  }

  private static DefaultHttp2Headers requestHeaders(String method, String path) {
    DefaultHttp2Headers headers = new DefaultHttp2Headers();
    headers.method(method).path(path).scheme("https").authority("example.com");
    headers.add("user-agent", "curl/8.0");
    return headers;
  }

  /** Each HTTP/1.x request as method|URI|host|server port. */
  private static List<String> requests(Path file) {
    return Tshark.fields(file, "http.request",
        "http.request.method", "http.request.uri", "http.host", "tcp.dstport");
  }

  private static void exchange(TcpTrace trace, String request, String response) {
    send(trace, true, request);
    send(trace, false, response);
    trace.clientEnded();
    trace.serverEnded();
  }

  private static void send(TcpTrace trace, boolean fromClient, String text) {
    send(trace, fromClient, Unpooled.copiedBuffer(text, StandardCharsets.UTF_8));
  }

  /** Sends and releases {@code data}. */
  private static void send(TcpTrace trace, boolean fromClient, ByteBuf data) {
    if (fromClient) {
      trace.fromClient(data);
    } else {
      trace.fromServer(data);
    }
    data.release();
  }
}
