package dev.htapod.report;

import dev.htapod.api.DnsQueryEvent;
import dev.htapod.api.ErrorEvent;
import dev.htapod.api.IcmpFlowEvent;
import dev.htapod.api.TapListener;
import dev.htapod.api.TcpFlowEvent;
import dev.htapod.api.TlsInfo;
import dev.htapod.api.UdpFlowEvent;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/** Report lines for people and grep: one event a line (see the README, "Output"). */
public final class TextReporter implements TapListener {
  private final PrintStream out;

  public TextReporter(OutputStream out) {
    this.out = new PrintStream(out, false, StandardCharsets.UTF_8);
  }

  @Override
  public void tcpFlow(TcpFlowEvent flow) {
    line("TCP " + endpoint(flow.ip(), flow.port()) + name(flow.host()) + " closed: " + flow.bytesOut()
        + " B out, " + flow.bytesIn() + " B in, " + flow.durationMs() + " ms" + tls(flow.tls()));
  }

  @Override
  public void udpFlow(UdpFlowEvent flow) {
    line("UDP " + endpoint(flow.ip(), flow.port()) + name(flow.host()) + " " + flow.datagramsOut()
        + " datagrams out, " + flow.datagramsIn() + " in, " + flow.bytesOut() + " B out, "
        + flow.bytesIn() + " B in");
  }

  @Override
  public void icmpFlow(IcmpFlowEvent flow) {
    line("ICMP " + flow.ip() + name(flow.host()) + " " + flow.echoRequests() + " echo requests, "
        + flow.echoReplies() + " replies");
  }

  @Override
  public void dnsQuery(DnsQueryEvent query) {
    String answers = query.answers().isEmpty() ? "(no answer)" : String.join(", ", query.answers());
    line("DNS " + query.qtype() + " " + query.name() + " -> " + answers);
  }

  @Override
  public void error(ErrorEvent error) {
    line("ERR " + error.subject() + " " + error.message());
  }

  /** ", TLS TLSv1.3 h2 decrypted sni=site.test" or ", TLS untouched sni=site.test". */
  private static String tls(TlsInfo tls) {
    if (tls == null) {
      return "";
    }
    StringBuilder text = new StringBuilder(", TLS");
    if (tls.version() != null) {
      text.append(' ').append(tls.version());
    }
    if (tls.protocol() != null) {
      text.append(' ').append(tls.protocol());
    }
    text.append(tls.decrypted() ? " decrypted" : " untouched");
    if (tls.serverName() != null) {
      text.append(" sni=").append(tls.serverName());
    }
    return text.toString();
  }

  private static String endpoint(String ip, int port) {
    return ip.indexOf(':') >= 0 ? "[" + ip + "]:" + port : ip + ":" + port;
  }

  private static String name(String host) {
    return host == null ? "" : " (" + host + ")";
  }

  private void line(String text) {
    synchronized (out) {
      out.println(text);
      out.flush();
    }
  }
}
