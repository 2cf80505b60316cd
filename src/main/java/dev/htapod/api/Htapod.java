package dev.htapod.api;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.regex.Pattern;

/**
 * A configured tap: runs commands in their own user, network and mount namespaces, with all of
 * their network traffic passing through htapod.
 *
 * <pre>{@code
 * int status = Htapod.builder()
 *     .resolve("site.test", InetAddress.getLoopbackAddress())
 *     .listener(new TapListener() {
 *       public void tcpFlow(TcpFlowEvent flow) { System.out.println(flow); }
 *     })
 *     .build()
 *     .run(List.of("curl", "-s", "http://site.test:8080/"));
 * }</pre>
 */
public final class Htapod {
  /**
   * What {@link #run} returns when the egress policy refused anything and {@link
   * Builder#failOnDeny} is set, but the command itself succeeded. Below the statuses {@code
   * xargs} (123) and {@code timeout} (124) use and htapod's own 125 to 127, and above the {@code
   * sysexits.h} range, so a CI log cannot mistake it for one of those.
   */
  public static final int DENIED_STATUS = 122;

  /**
   * What {@link #run} returns when a {@link Builder#replay replay} answered a request its
   * recording did not hold with a {@code 502}, or refused a connection ({@link ReplayMiss#FAIL}),
   * but the command itself succeeded.
   */
  public static final int REPLAY_MISS_STATUS = 121;

  private final boolean ipv6;
  private final List<TapListener> listeners;
  private final ReportFormat reportFormat;
  private final OutputStream reportStream;
  private final Map<String, List<InetAddress>> resolve;
  private final InetSocketAddress dns;
  private final List<AddressMapping> mappings;
  private final boolean decrypt;
  private final List<String> passthrough;
  private final boolean insecure;
  private final List<Path> upstreamCas;
  private final Path caCert;
  private final Path caKey;
  private final boolean headers;
  private final boolean bodies;
  private final int maxBody;
  private final Pattern grep;
  private final boolean color;
  private final boolean verbose;
  private final SummaryBy summaryBy;
  private final Path har;
  private final Path pcap;
  private final TcpRouter router;
  private final UdpRouter udpRouter;
  private final List<TcpSniffer> sniffers;
  private final List<String> allow;
  private final List<String> deny;
  private final boolean failOnDeny;
  private final List<PolicySource> policies;
  private final boolean audit;
  private final Path learn;
  private final Path summaryMarkdown;
  private final Path summaryMarkdownAppended;
  private final CommandOrigin origin;
  private final RecordSettings record;
  private final ReplaySettings replay;

  private Htapod(Builder builder) {
    this.ipv6 = builder.ipv6;
    this.listeners = List.copyOf(builder.listeners);
    this.reportFormat = builder.reportFormat;
    this.reportStream = builder.reportStream;
    Map<String, List<InetAddress>> names = new LinkedHashMap<>();
    builder.resolve.forEach((name, addresses) -> names.put(name, List.copyOf(addresses)));
    this.resolve = Map.copyOf(names);
    this.dns = builder.dns;
    this.mappings = List.copyOf(builder.mappings);
    this.decrypt = builder.decrypt;
    this.passthrough = List.copyOf(builder.passthrough);
    this.insecure = builder.insecure;
    this.upstreamCas = List.copyOf(builder.upstreamCas);
    this.caCert = builder.caCert;
    this.caKey = builder.caKey;
    this.headers = builder.headers;
    this.bodies = builder.bodies;
    this.maxBody = builder.maxBody;
    this.grep = builder.grep;
    this.color = builder.color;
    this.verbose = builder.verbose;
    this.summaryBy = builder.summaryBy;
    this.har = builder.har;
    this.pcap = builder.pcap;
    this.router = builder.router;
    this.udpRouter = builder.udpRouter;
    this.sniffers = List.copyOf(builder.sniffers);
    this.allow = List.copyOf(builder.allow);
    this.deny = List.copyOf(builder.deny);
    this.failOnDeny = builder.failOnDeny;
    this.policies = List.copyOf(builder.policies);
    this.audit = builder.audit;
    this.learn = builder.learn;
    this.summaryMarkdown = builder.summaryMarkdown;
    this.summaryMarkdownAppended = builder.summaryMarkdownAppended;
    this.origin = builder.origin;
    this.record = builder.record == null ? null
        : new RecordSettings(builder.record, builder.recordSecrets, builder.redacted);
    this.replay = builder.replay == null ? null : new ReplaySettings(builder.replay, builder.replayMiss,
        builder.replayIgnoredParams, builder.replayIgnoredHeaders, builder.replayIgnoreBodies);
  }

  /** A builder with the defaults: IPv4 and IPv6 inside, no reports, the host's resolver. */
  public static Builder builder() {
    return new Builder();
  }

  /** Whether the namespace gets an IPv6 address and default route. */
  public boolean ipv6() {
    return ipv6;
  }

  public List<TapListener> listeners() {
    return listeners;
  }

  /** The format of report lines, or null when none are written. */
  public ReportFormat reportFormat() {
    return reportFormat;
  }

  /** Where report lines go, or null when none are written. */
  public OutputStream reportStream() {
    return reportStream;
  }

  /** Names the built-in DNS answers itself, lower case, with their addresses. */
  public Map<String, List<InetAddress>> resolve() {
    return resolve;
  }

  /** The upstream DNS server, or null for the host's own resolution. */
  public InetSocketAddress dns() {
    return dns;
  }

  public List<AddressMapping> mappings() {
    return mappings;
  }

  /** Whether TLS is decrypted (default true); when false it is relayed untouched. */
  public boolean decrypt() {
    return decrypt;
  }

  /** Host names (with {@code *.} wildcards) whose TLS is relayed untouched. */
  public List<String> passthrough() {
    return passthrough;
  }

  /** Whether upstream servers' certificates go unverified. */
  public boolean insecure() {
    return insecure;
  }

  /** PEM files of extra CAs trusted when verifying upstream servers. */
  public List<Path> upstreamCas() {
    return upstreamCas;
  }

  /** The CA certificate (PEM) to sign leaves with, or null for a fresh CA per run. */
  public Path caCert() {
    return caCert;
  }

  /** The CA's private key (PEM), with {@link #caCert()}. */
  public Path caKey() {
    return caKey;
  }

  /** Whether report lines show request and response headers. */
  public boolean headers() {
    return headers;
  }

  /** Whether report lines and listeners get bodies (decoded, at most {@link #maxBody()} each). */
  public boolean bodies() {
    return bodies;
  }

  /** The cap on body bytes kept per message; the transfer itself is never capped. */
  public int maxBody() {
    return maxBody;
  }

  /** Report only exchanges whose method, URL, headers or body match, or null for all. */
  public Pattern grep() {
    return grep;
  }

  /** Whether text report lines are coloured. */
  public boolean color() {
    return color;
  }

  /** Whether report lines carry more detail: WebSocket messages, a summary at the end. */
  public boolean verbose() {
    return verbose;
  }

  /** How the text report's summary lines are grouped; {@link #verbose} shows both kinds. */
  public SummaryBy summaryBy() {
    return summaryBy;
  }

  /** The HAR file to write, or null. */
  public Path har() {
    return har;
  }

  /** The pcapng file to write, or null. */
  public Path pcap() {
    return pcap;
  }

  /** The recording to write ({@link Builder#record}), or null. */
  public RecordSettings record() {
    return record;
  }

  /** The recording to answer from ({@link Builder#replay}), or null. */
  public ReplaySettings replay() {
    return replay;
  }

  /** What decides each TCP connection's fate, before anything is dialed. */
  public TcpRouter router() {
    return router;
  }

  /** What decides each UDP flow's fate. */
  public UdpRouter udpRouter() {
    return udpRouter;
  }

  /** What sees each TCP connection's bytes. */
  public List<TcpSniffer> sniffers() {
    return sniffers;
  }

  /** Egress patterns: when there are any, only destinations matching one are allowed. */
  public List<String> allow() {
    return allow;
  }

  /** Egress patterns refusing the destinations they match, whatever {@link #allow()} says. */
  public List<String> deny() {
    return deny;
  }

  /** Whether {@link #run} returns {@link #DENIED_STATUS} for a successful command when anything was refused. */
  public boolean failOnDeny() {
    return failOnDeny;
  }

  /** The policy files to enforce (or, in {@link #audit()} mode, to report against). */
  public List<PolicySource> policies() {
    return policies;
  }

  /** Whether the egress policy only reports what it would refuse, and refuses nothing. */
  public boolean audit() {
    return audit;
  }

  /** The policy file to write the run's destinations into, or null. */
  public Path learn() {
    return learn;
  }

  /** The file the run's Markdown summary replaces, or null. */
  public Path summaryMarkdown() {
    return summaryMarkdown;
  }

  /** The file the run's Markdown summary is appended to (a CI job's summary), or null. */
  public Path summaryMarkdownAppended() {
    return summaryMarkdownAppended;
  }

  /** Where the command starts from; null for this process. */
  public CommandOrigin origin() {
    return origin;
  }

  /**
   * Runs {@code command} (program and arguments, looked up on {@code PATH}) with htapod's stdin,
   * stdout, stderr, working directory and environment, and waits for it.
   *
   * @return the command's exit status, 128 + N when it was killed by signal N, 126 when it could
   *     not be executed, 127 when it was not found; {@link #DENIED_STATUS} instead of 0 when
   *     {@link #failOnDeny()} is set or {@link #policies()} are enforced, and the egress policy
   *     refused anything
   * @throws IllegalArgumentException when an egress pattern or a line of a policy file (or of the
   *     {@link #learn()} file) is malformed; the message names the file and the line
   * @throws HtapodException when htapod itself cannot do its job (no user namespaces, no TUN
   *     device, ...), or the {@link #learn()} file cannot be written
   */
  public int run(List<String> command) {
    if (command.isEmpty()) {
      throw new IllegalArgumentException("no command to run");
    }
    return runner().run(this, List.copyOf(command));
  }

  /**
   * Starts, in the background, the work every run begins with (the per-run CA), so that a run
   * started soon after begins sooner; a run that finds nothing prepared does the work itself.
   * Optional: the command line calls it before it parses its options.
   */
  public static void prepare() {
    // Finding the engine is ~20 ms of cold class loading too: not on the caller's thread either.
    Thread thread = new Thread(() -> runner().prepare(), "htapod-prepare");
    thread.setDaemon(true);
    thread.start();
  }

  /** One line on whether htapod can run here, e.g. whether its native library loads. */
  public static String engineStatus() {
    return runner().status();
  }

  /**
   * Loads the engine and its native library now, not at the first run: for a process that keeps
   * running commands, and for code that binds to the library once it is loaded.
   *
   * @throws HtapodException naming why the engine cannot be loaded
   */
  public static void loadEngine() {
    runner().load();
  }

  private static TapRunner runner() {
    return Engine.RUNNER.orElseThrow(() -> new HtapodException("htapod's engine is not on the class path"));
  }

  /** The engine, looked for once: at the first use of {@link #runner()}. */
  private static final class Engine {
    static final Optional<TapRunner> RUNNER = ServiceLoader.load(TapRunner.class).findFirst();
  }

  /** Collects a tap's settings; {@link #build()} checks them. */
  public static final class Builder {
    private boolean ipv6 = true;
    private final List<TapListener> listeners = new ArrayList<>();
    private ReportFormat reportFormat;
    private OutputStream reportStream;
    private final Map<String, List<InetAddress>> resolve = new LinkedHashMap<>();
    private InetSocketAddress dns;
    private final List<AddressMapping> mappings = new ArrayList<>();
    private boolean decrypt = true;
    private final List<String> passthrough = new ArrayList<>();
    private boolean insecure;
    private final List<Path> upstreamCas = new ArrayList<>();
    private Path caCert;
    private Path caKey;
    private boolean headers;
    private boolean bodies;
    private int maxBody = 64 << 10;
    private Pattern grep;
    private boolean color;
    private boolean verbose;
    private SummaryBy summaryBy = SummaryBy.NONE;
    private Path har;
    private Path pcap;
    private TcpRouter router = TcpRouter.DEFAULT;
    private UdpRouter udpRouter = UdpRouter.DEFAULT;
    private final List<TcpSniffer> sniffers = new ArrayList<>();
    private final List<String> allow = new ArrayList<>();
    private final List<String> deny = new ArrayList<>();
    private boolean failOnDeny;
    private final List<PolicySource> policies = new ArrayList<>();
    private boolean audit;
    private Path learn;
    private Path summaryMarkdown;
    private Path summaryMarkdownAppended;
    private CommandOrigin origin;
    private Path record;
    private boolean recordSecrets;
    private final List<String> redacted = new ArrayList<>();
    private Path replay;
    private ReplayMiss replayMiss = ReplayMiss.FAIL;
    private final List<String> replayIgnoredParams = new ArrayList<>();
    private final List<String> replayIgnoredHeaders = new ArrayList<>();
    private boolean replayIgnoreBodies;

    private Builder() {}

    /** Whether to configure IPv6 inside the namespace (default true). */
    public Builder ipv6(boolean enabled) {
      this.ipv6 = enabled;
      return this;
    }

    /** Adds a listener for the run's events. */
    public Builder listener(TapListener listener) {
      listeners.add(Objects.requireNonNull(listener, "listener"));
      return this;
    }

    /** Writes report lines in {@code format} to {@code stream} (not closed by htapod). */
    public Builder report(ReportFormat format, OutputStream stream) {
      this.reportFormat = Objects.requireNonNull(format, "format");
      this.reportStream = Objects.requireNonNull(stream, "stream");
      return this;
    }

    /** The built-in DNS answers {@code name} with {@code address} (repeatable, like curl's). */
    public Builder resolve(String name, InetAddress address) {
      String key = name.toLowerCase(java.util.Locale.ROOT).replaceAll("\\.$", "");
      if (key.isEmpty()) {
        throw new IllegalArgumentException("empty name to resolve");
      }
      resolve.computeIfAbsent(key, k -> new ArrayList<>()).add(Objects.requireNonNull(address));
      return this;
    }

    /** Asks {@code server} instead of the host's resolver. */
    public Builder dns(InetSocketAddress server) {
      this.dns = Objects.requireNonNull(server, "server");
      return this;
    }

    /** Relays connections to one address to another (repeatable; the first match wins). */
    public Builder map(AddressMapping mapping) {
      mappings.add(Objects.requireNonNull(mapping, "mapping"));
      return this;
    }

    /** Whether to decrypt TLS (default true); false relays all TLS untouched. */
    public Builder decrypt(boolean enabled) {
      this.decrypt = enabled;
      return this;
    }

    /** Relays TLS to {@code host} untouched (repeatable; {@code *.example.com} wildcards). */
    public Builder passthrough(String host) {
      passthrough.add(Objects.requireNonNull(host, "host").toLowerCase(java.util.Locale.ROOT));
      return this;
    }

    /** Whether to skip verifying upstream servers' certificates (default false: fail closed). */
    public Builder insecure(boolean enabled) {
      this.insecure = enabled;
      return this;
    }

    /** Also trusts the PEM CA certificates in {@code file} when verifying upstream servers. */
    public Builder upstreamCa(Path file) {
      upstreamCas.add(Objects.requireNonNull(file, "file"));
      return this;
    }

    /** Signs leaf certificates with this CA (PEM files) instead of a fresh one per run. */
    public Builder ca(Path certificate, Path key) {
      this.caCert = Objects.requireNonNull(certificate, "certificate");
      this.caKey = Objects.requireNonNull(key, "key");
      return this;
    }

    /** Whether report lines show request and response headers (default false). */
    public Builder headers(boolean shown) {
      this.headers = shown;
      return this;
    }

    /** Whether report lines and listeners get bodies, decoded (default false). */
    public Builder bodies(boolean shown) {
      this.bodies = shown;
      return this;
    }

    /** The cap on body bytes kept per message (default 64 KiB); transfers are never capped. */
    public Builder maxBody(int bytes) {
      if (bytes < 0) {
        throw new IllegalArgumentException("a negative body cap: " + bytes);
      }
      this.maxBody = bytes;
      return this;
    }

    /** Reports only exchanges whose method, URL, headers or decoded body match {@code pattern}. */
    public Builder grep(Pattern pattern) {
      this.grep = Objects.requireNonNull(pattern, "pattern");
      return this;
    }

    /** Whether text report lines are coloured (default false). */
    public Builder color(boolean enabled) {
      this.color = enabled;
      return this;
    }

    /** Whether report lines carry more detail: WebSocket messages, a summary (default false). */
    public Builder verbose(boolean enabled) {
      this.verbose = enabled;
      return this;
    }

    /**
     * Ends the text report with a SUMMARY line per host or per process (default: none; both when
     * verbose).
     */
    public Builder summaryBy(SummaryBy grouping) {
      this.summaryBy = Objects.requireNonNull(grouping, "grouping");
      return this;
    }

    /** Writes every HTTP exchange to {@code file} as HAR 1.2. */
    public Builder har(Path file) {
      this.har = Objects.requireNonNull(file, "file");
      return this;
    }

    /** Writes the traffic, TLS decrypted, to {@code file} as pcapng. */
    public Builder pcap(Path file) {
      this.pcap = Objects.requireNonNull(file, "file");
      return this;
    }

    /**
     * Records every HTTP exchange to {@code file} as HAR 1.2, for a later replay to answer from:
     * bodies whole whatever {@link #maxBody} says (the text of decoded bodies, and, when a content
     * coding such as gzip was applied, the bytes as they crossed the wire in {@code _wireBase64}),
     * the HTTP version, each exchange's order ({@code _order}), connection ({@code connection},
     * {@code _tls}), server address and port ({@code serverIPAddress}, {@code _serverPort}) and
     * trailers ({@code _trailers}). The file is valid JSON after every entry, so a run killed hard
     * keeps what it recorded. The values of {@link RecordSettings#SECRET_HEADERS} are replaced by
     * {@link RecordSettings#REDACTED} unless {@link #recordSecrets}; {@link #redact} names more.
     * Each body is held in memory whole until its entry is written.
     */
    public Builder record(Path file) {
      this.record = Objects.requireNonNull(file, "file");
      return this;
    }

    /**
     * Whether the recording keeps the values of {@code Authorization}, {@code Cookie}, {@code
     * Set-Cookie} and {@code Proxy-Authorization} as sent (default false: they are redacted).
     */
    public Builder recordSecrets(boolean kept) {
      this.recordSecrets = kept;
      return this;
    }

    /**
     * Also replaces the values of header {@code name} (any case) in the recording by {@link
     * RecordSettings#REDACTED} (repeatable), even with {@link #recordSecrets}.
     */
    public Builder redact(String name) {
      Objects.requireNonNull(name, "name");
      if (name.isBlank() || name.chars().anyMatch(c -> c <= ' ' || c == ':' || c >= 0x7f)) {
        throw new IllegalArgumentException("'" + name + "' is not a header name");
      }
      redacted.add(name);
      return this;
    }

    /**
     * Answers the command's HTTP and HTTPS requests from the recording {@code file} (a HAR file
     * with response bodies, such as {@link #record} writes) and opens no connection anywhere: the
     * built-in DNS answers the recorded names (and {@link #resolve} ones) and no other, TCP
     * connections to the recorded ports are answered by htapod itself (TLS with leaves minted for
     * the names asked, HTTP/1.1 or HTTP/2), and anything else is refused and reported. A request
     * is matched by method, URL (scheme, host, port, path, query) and body; the request headers a
     * recorded response names in {@code Vary} must match too. Repeated requests get the recorded
     * responses in the order they were recorded, then the last one again. A request the
     * recording does not hold is a miss: see {@link #replayMiss}. Listeners get a {@link
     * TapListener#replay} event for each request. The file is read when the run starts; one that
     * cannot be read or is no HAR makes {@link Htapod#run} throw {@link HtapodException}.
     */
    public Builder replay(Path file) {
      this.replay = Objects.requireNonNull(file, "file");
      return this;
    }

    /** What a {@link #replay} does with a request its recording lacks (default {@link ReplayMiss#FAIL}). */
    public Builder replayMiss(ReplayMiss miss) {
      this.replayMiss = Objects.requireNonNull(miss, "miss");
      return this;
    }

    /** Leaves query parameter {@code name} out when a {@link #replay} compares URLs (repeatable). */
    public Builder replayIgnoreParam(String name) {
      replayIgnoredParams.add(Objects.requireNonNull(name, "name"));
      return this;
    }

    /** Never compares request header {@code name} (any case) in a {@link #replay} (repeatable). */
    public Builder replayIgnoreHeader(String name) {
      replayIgnoredHeaders.add(Objects.requireNonNull(name, "name"));
      return this;
    }

    /** Whether a {@link #replay} leaves request bodies out when it matches requests (default false). */
    public Builder replayIgnoreBodies(boolean ignored) {
      this.replayIgnoreBodies = ignored;
      return this;
    }

    /**
     * Decides each TCP connection's fate: relay, decrypt, pass through, refuse or redirect
     * (default: relay all as configured). It sees the destination as the command dialed it;
     * {@link #map} applies to what it relays, not to where it redirects.
     */
    public Builder router(TcpRouter router) {
      this.router = Objects.requireNonNull(router, "router");
      return this;
    }

    /** Decides each UDP flow's fate: relay, refuse or redirect (default: relay all). */
    public Builder udpRouter(UdpRouter router) {
      this.udpRouter = Objects.requireNonNull(router, "router");
      return this;
    }

    /** Adds a sniffer that sees each TCP connection's bytes, decrypted when htapod decrypts. */
    public Builder sniffer(TcpSniffer sniffer) {
      sniffers.add(Objects.requireNonNull(sniffer, "sniffer"));
      return this;
    }

    /**
     * Allows only destinations matching {@code pattern} or another allow pattern (repeatable): a
     * host name ({@code example.com}), names below a domain ({@code *.example.com}), an IP
     * address or CIDR block ({@code 10.0.0.0/8}, {@code fd00::/8}), or {@code *}, each with an
     * optional {@code :PORT} ({@code [::1]:443} for IPv6). Refused TCP connections are reset,
     * UDP and pings get ICMP unreachable, names no allow pattern could match do not resolve;
     * each refusal is a {@link TapListener#deny} event. A malformed pattern makes {@link
     * Htapod#run} throw {@link IllegalArgumentException}.
     */
    public Builder allow(String pattern) {
      allow.add(Objects.requireNonNull(pattern, "pattern"));
      return this;
    }

    /** Refuses destinations matching {@code pattern} (repeatable; as {@link #allow}); deny wins. */
    public Builder deny(String pattern) {
      deny.add(Objects.requireNonNull(pattern, "pattern"));
      return this;
    }

    /** Whether a successful run ends with {@link Htapod#DENIED_STATUS} when anything was refused. */
    public Builder failOnDeny(boolean enabled) {
      this.failOnDeny = enabled;
      return this;
    }

    /**
     * Enforces the policy file {@code file}, read now (repeatable): one {@link #allow} pattern a
     * line, {@code !PATTERN} for a {@link #deny} one, {@code #} starting a comment. Its patterns
     * join those of allow and deny, and a run in which anything was refused returns {@link
     * Htapod#DENIED_STATUS} when the command succeeded, as with {@link #failOnDeny}. A malformed
     * line makes {@link Htapod#run} throw {@link IllegalArgumentException} naming the file and the
     * line.
     *
     * @throws UncheckedIOException when the file cannot be read
     */
    public Builder policy(Path file) {
      try {
        return policy(file.toString(), Files.readAllLines(file));
      } catch (IOException e) {
        throw new UncheckedIOException(file + " cannot be read: " + e.getMessage(), e);
      }
    }

    /** Enforces a policy file's {@code lines} (as {@link #policy(Path)}); {@code name} is for messages. */
    public Builder policy(String name, List<String> lines) {
      policies.add(new PolicySource(Objects.requireNonNull(name, "name"), lines));
      return this;
    }

    /**
     * Whether the egress policy refuses nothing and only reports, as {@link TapListener#audit}
     * events, what it would have refused (default false); the run returns the command's status.
     */
    public Builder audit(boolean enabled) {
      this.audit = enabled;
      return this;
    }

    /**
     * After the run, writes the destinations the command used or tried into the policy file
     * {@code file}, as lines that would allow them, each with a comment naming the processes that
     * used it and how often: what the file held stays as it was, lines of the {@link
     * #policy(Path) policy files} it lacks and the destinations none of its lines matches are
     * added. The file is replaced at once (written beside it, then renamed), never left half
     * written. The same destinations reach listeners in {@link SummaryEvent#destinations()}.
     */
    public Builder learn(Path file) {
      this.learn = Objects.requireNonNull(file, "file");
      return this;
    }

    /**
     * When the command has exited, writes a short summary of the run to {@code file} (replacing
     * it) in Markdown, as a CI job's page shows it: a table of the hosts with their requests by
     * status and bytes, the destinations the egress policy refused or would have refused with the
     * processes behind them, and the errors. The file is opened before the command starts, so one
     * that cannot be written stops the run at once.
     */
    public Builder summaryMarkdown(Path file) {
      this.summaryMarkdown = Objects.requireNonNull(file, "file");
      return this;
    }

    /**
     * Appends the {@link #summaryMarkdown(Path) Markdown summary} to {@code file}, keeping what it
     * holds: what GitHub Actions' {@code $GITHUB_STEP_SUMMARY} file wants (the command line appends
     * to the file that variable names).
     */
    public Builder appendSummaryMarkdown(Path file) {
      this.summaryMarkdownAppended = Objects.requireNonNull(file, "file");
      return this;
    }

    /**
     * Starts the command from {@code origin}'s process, with its environment, instead of this
     * one: for htapod's warm launcher (see {@link CommandOrigin}).
     */
    public Builder origin(CommandOrigin origin) {
      this.origin = Objects.requireNonNull(origin, "origin");
      return this;
    }

    /**
     * The configured tap.
     *
     * @throws IllegalArgumentException when the settings contradict each other (audit mode with
     *     no egress pattern to audit)
     */
    public Htapod build() {
      if (audit && policies.isEmpty() && allow.isEmpty() && deny.isEmpty()) {
        throw new IllegalArgumentException("audit mode needs an egress policy to audit: a policy file, or allow or deny patterns");
      }
      if (replay != null && !decrypt) {
        throw new IllegalArgumentException("a replay answers HTTPS itself: it cannot go without decryption");
      }
      return new Htapod(this);
    }
  }
}
