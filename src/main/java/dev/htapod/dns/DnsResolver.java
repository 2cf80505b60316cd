package dev.htapod.dns;

import dev.htapod.api.DnsQueryEvent;
import dev.htapod.api.ProcessInfo;
import dev.htapod.api.TapListener;
import dev.htapod.netstack.wire.AddressText;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.channel.socket.DatagramPacket;
import io.netty.handler.codec.dns.DatagramDnsQuery;
import io.netty.handler.codec.dns.DatagramDnsQueryDecoder;
import io.netty.handler.codec.dns.DatagramDnsResponse;
import io.netty.handler.codec.dns.DatagramDnsResponseDecoder;
import io.netty.handler.codec.dns.DatagramDnsResponseEncoder;
import io.netty.handler.codec.dns.DefaultDnsRawRecord;
import io.netty.handler.codec.dns.DnsQuestion;
import io.netty.handler.codec.dns.DnsRawRecord;
import io.netty.handler.codec.dns.DnsRecord;
import io.netty.handler.codec.dns.DnsRecordType;
import io.netty.handler.codec.dns.DnsResponseCode;
import io.netty.handler.codec.dns.DnsSection;
import io.netty.util.ReferenceCountUtil;
import java.lang.System.Logger.Level;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Answers the command's DNS queries, on the event loop. Queries arrive as the bytes of one DNS
 * message; replies leave the same way (the transports add their framing).
 */
public final class DnsResolver {
  private static final System.Logger LOG = System.getLogger("htapod");
  private static final InetSocketAddress PLACEHOLDER = new InetSocketAddress(0);
  private static final long TTL_SECONDS = 60;

  private final Map<String, List<InetAddress>> resolve;
  private final UpstreamDns upstream;
  private final boolean hostResolution;
  private final Executor lookups;
  private final Executor loop;
  private final Function<InetAddress, InetAddress> rewrite;
  private final TapListener listener;
  private final NameBook names;
  private final NameCheck check;
  private final EmbeddedChannel queries =
      new EmbeddedChannel(new DatagramDnsQueryDecoder(), new DatagramDnsResponseEncoder());
  private final EmbeddedChannel responses = new EmbeddedChannel(new DatagramDnsResponseDecoder());

  /**
   * @param upstream where other queries go (and A/AAAA too unless {@code hostResolution}); null
   *     when there is none
   * @param hostResolution whether A/AAAA use the host's own resolution (its /etc/hosts, its
   *     resolver), looked up on {@code lookups}
   * @param rewrite the address the command is given for a host address (the gateway for the
   *     loopback), or null to leave an address out
   * @param check the names answered NXDOMAIN before any lookup (the egress policy's)
   */
  public DnsResolver(Map<String, List<InetAddress>> resolve, UpstreamDns upstream, boolean hostResolution,
      Executor lookups, Executor loop, Function<InetAddress, InetAddress> rewrite, TapListener listener,
      NameBook names, NameCheck check) {
    this.resolve = resolve;
    this.upstream = upstream;
    this.hostResolution = hostResolution;
    this.lookups = lookups;
    this.loop = loop;
    this.rewrite = rewrite;
    this.listener = listener;
    this.names = names;
    this.check = check;
  }

  /**
   * Answers one query (consumed) of the process {@code asker} will name; {@code reply} gets the
   * response, on the loop, once that process is known: the command's socket, by which it is found,
   * may close as soon as it has its answer.
   */
  public void answer(ByteBuf message, CompletableFuture<ProcessInfo> asker, Consumer<ByteBuf> reply) {
    ByteBuf original = message.retainedDuplicate();
    DatagramDnsQuery query;
    try {
      queries.writeInbound(new DatagramPacket(message, PLACEHOLDER, PLACEHOLDER));
      query = queries.readInbound();
    } catch (RuntimeException malformed) {
      original.release();
      return; // like a server that cannot parse it: no answer
    }
    DnsQuestion question = query == null ? null : query.recordAt(DnsSection.QUESTION);
    if (question == null) {
      original.release();
      ReferenceCountUtil.release(query);
      return;
    }
    DnsRecordType type = question.type();
    String name = question.name().toLowerCase(Locale.ROOT).replaceAll("\\.$", "");
    if (!check.admits(name, asker)) {
      // Not even asked upstream: the query itself would carry the name out.
      original.release();
      reply.accept(encode(response(query, question, DnsResponseCode.NXDOMAIN)));
      query.release();
      return;
    }
    if (type == DnsRecordType.A || type == DnsRecordType.AAAA) {
      addresses(name, type == DnsRecordType.AAAA, original).thenAcceptBothAsync(asker, (found, process) -> {
        reply.accept(addressResponse(query, question, name, found, process));
        query.release();
      }, loop);
    } else if (upstream != null) {
      query.release();
      forwardAsIs(original, name, type, asker, reply);
    } else {
      original.release();
      reply.accept(encode(response(query, question, DnsResponseCode.SERVFAIL)));
      query.release();
    }
  }

  /**
   * The addresses for {@code name}: from --resolve, the host, or upstream, which is asked the
   * query as the command sent it ({@code original}, consumed here).
   */
  private CompletableFuture<Resolution> addresses(String name, boolean v6, ByteBuf original) {
    if (upstream == null || hostResolution || resolve.containsKey(name)) {
      original.release();
    }
    List<InetAddress> fixed = resolve.get(name);
    if (fixed != null) {
      return CompletableFuture.completedFuture(new Resolution(true, family(fixed, v6), "resolve"));
    }
    if (hostResolution) {
      return CompletableFuture.supplyAsync(() -> {
        try {
          return new Resolution(true, family(List.of(InetAddress.getAllByName(name)), v6), "host");
        } catch (UnknownHostException e) {
          return Resolution.notFound("host");
        }
      }, lookups);
    }
    if (upstream == null) {
      return CompletableFuture.completedFuture(Resolution.notFound("none"));
    }
    return upstream.ask(original).handleAsync((bytes, failure) -> {
      if (failure != null) {
        LOG.log(Level.DEBUG, "DNS upstream " + upstream.server() + ": " + failure.getMessage());
        return Resolution.notFound("upstream");
      }
      return upstreamAddresses(bytes, v6);
    }, loop);
  }

  private Resolution upstreamAddresses(ByteBuf bytes, boolean v6) {
    responses.writeInbound(new DatagramPacket(bytes, PLACEHOLDER, PLACEHOLDER));
    DatagramDnsResponse response = responses.readInbound();
    try {
      if (response.code() == DnsResponseCode.NXDOMAIN) {
        return Resolution.notFound("upstream");
      }
      List<InetAddress> found = new ArrayList<>();
      for (int i = 0; i < response.count(DnsSection.ANSWER); i++) {
        DnsRecord record = response.recordAt(DnsSection.ANSWER, i);
        if (record instanceof DnsRawRecord raw && (record.type() == DnsRecordType.A || record.type() == DnsRecordType.AAAA)) {
          byte[] address = new byte[raw.content().readableBytes()];
          raw.content().getBytes(raw.content().readerIndex(), address);
          try {
            found.add(InetAddress.getByAddress(address));
          } catch (UnknownHostException malformed) {
            // not an address: leave it out
          }
        }
      }
      return new Resolution(true, family(found, v6), "upstream");
    } finally {
      response.release();
    }
  }

  private ByteBuf addressResponse(DatagramDnsQuery query, DnsQuestion question, String name, Resolution found,
      ProcessInfo asker) {
    DatagramDnsResponse response =
        response(query, question, found.found() ? DnsResponseCode.NOERROR : DnsResponseCode.NXDOMAIN);
    List<String> shown = new ArrayList<>();
    for (InetAddress address : found.addresses()) {
      shown.add(AddressText.of(address));
      InetAddress given = rewrite.apply(address);
      if (given != null) {
        names.remember(given, name);
        response.addRecord(DnsSection.ANSWER, new DefaultDnsRawRecord(question.name(), question.type(),
            TTL_SECONDS, Unpooled.wrappedBuffer(given.getAddress())));
      }
    }
    listener.dnsQuery(new DnsQueryEvent(name, question.type().name(), shown, found.source(), asker));
    return encode(response);
  }

  private void forwardAsIs(ByteBuf original, String name, DnsRecordType type, CompletableFuture<ProcessInfo> asker,
      Consumer<ByteBuf> reply) {
    upstream.ask(original).handle((bytes, failure) -> {
      if (failure != null) {
        LOG.log(Level.DEBUG, "DNS upstream " + upstream.server() + ": " + failure.getMessage());
      }
      return bytes;
    }).thenAcceptBothAsync(asker, (bytes, process) -> {
      if (bytes == null) {
        listener.dnsQuery(new DnsQueryEvent(name, type.name(), List.of(), "upstream", process));
        return; // the command times out, as it would with its own unreachable server
      }
      listener.dnsQuery(new DnsQueryEvent(name, type.name(), recordsAsText(bytes.duplicate()), "upstream", process));
      reply.accept(bytes);
    }, loop);
  }

  /** The answer records of a response, as text: TXT strings, other types by name. */
  private List<String> recordsAsText(ByteBuf bytes) {
    responses.writeInbound(new DatagramPacket(bytes.retain(), PLACEHOLDER, PLACEHOLDER));
    DatagramDnsResponse response = responses.readInbound();
    List<String> text = new ArrayList<>();
    try {
      for (int i = 0; i < response.count(DnsSection.ANSWER); i++) {
        DnsRecord record = response.recordAt(DnsSection.ANSWER, i);
        text.add(record.type() == DnsRecordType.TXT && record instanceof DnsRawRecord raw
            ? TxtText.of(raw.content()) : record.type().name() + " record");
      }
    } finally {
      response.release();
    }
    return text;
  }

  private static DatagramDnsResponse response(DatagramDnsQuery query, DnsQuestion question, DnsResponseCode code) {
    DatagramDnsResponse response =
        new DatagramDnsResponse(query.recipient(), query.sender(), query.id(), query.opCode(), code);
    response.setRecursionDesired(query.isRecursionDesired());
    response.setRecursionAvailable(true);
    response.addRecord(DnsSection.QUESTION, question);
    return response;
  }

  private ByteBuf encode(DatagramDnsResponse response) {
    queries.writeOutbound(response);
    DatagramPacket packet = queries.readOutbound();
    return packet.content();
  }

  private static List<InetAddress> family(List<InetAddress> addresses, boolean v6) {
    return addresses.stream()
        .filter(a -> v6 ? a instanceof Inet6Address : a instanceof Inet4Address)
        .toList();
  }
}
