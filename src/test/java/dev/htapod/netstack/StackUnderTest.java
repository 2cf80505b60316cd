package dev.htapod.netstack;

import static org.assertj.core.api.Assertions.assertThat;

import dev.htapod.netstack.icmp.EchoFlow;
import dev.htapod.netstack.icmp.EchoFlows;
import dev.htapod.netstack.icmp.EchoForwarder;
import dev.htapod.netstack.tcp.TcpConnection;
import dev.htapod.netstack.tcp.TcpDemux;
import dev.htapod.netstack.tcp.TcpForwarder;
import dev.htapod.netstack.udp.UdpFlow;
import dev.htapod.netstack.udp.UdpFlows;
import dev.htapod.netstack.udp.UdpForwarder;
import dev.htapod.netstack.udp.UdpTap;
import dev.htapod.netstack.wire.Drops;
import dev.htapod.netstack.wire.IpAddress;
import dev.htapod.netstack.wire.PacketBuilder;
import io.netty.buffer.ByteBuf;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The whole network stack, assembled as the engine assembles it, but with a manual clock, a sink
 * that records, forwarders that record what they are asked to open, and an allocator that knows
 * what was never released. Registered as an extension, it checks after each test that nothing
 * leaked.
 */
public final class StackUnderTest implements AfterEachCallback {
  public static final IpAddress CLIENT4 = address("10.0.2.100");
  public static final IpAddress SERVER4 = address("93.184.216.34");
  public static final IpAddress GATEWAY4 = address("10.0.2.2");
  public static final IpAddress CLIENT6 = address("fd00::100");
  public static final IpAddress SERVER6 = address("2001:db8::1");
  public static final IpAddress GATEWAY6 = address("fd00::2");
  public static final int MTU = 1500;
  public static final Duration UDP_IDLE = Duration.ofSeconds(60);
  public static final Duration ECHO_IDLE = Duration.ofSeconds(60);

  public final ManualTimers timers = new ManualTimers();
  public final RecordingSink sink = new RecordingSink();
  public final TrackingAllocator allocator = new TrackingAllocator();
  public final PacketBuilder builder = new PacketBuilder(allocator, 0);
  public final Drops drops = new Drops();
  public final List<TcpConnection> tcpOpened = new ArrayList<>();
  public final List<UdpFlow> udpOpened = new ArrayList<>();
  /** Pings to hosts other than the gateway. */
  public final List<EchoFlow> echoOpened = new ArrayList<>();
  public final TcpDemux tcp;
  public final UdpFlows udp;
  public final EchoFlows echoes;
  public final NetworkStack network;

  /** Connections and flows are recorded and left for the test to answer; pings are refused. */
  public StackUnderTest() {
    this(connection -> {}, flow -> {});
  }

  /** Connections and flows are recorded, then handed to {@code tcpThen} and {@code udpThen}. */
  public StackUnderTest(TcpForwarder tcpThen, UdpForwarder udpThen) {
    this(tcpThen, udpThen, flow -> null);
  }

  /** As above, and pings are recorded, then handed to {@code echoThen}. */
  public StackUnderTest(TcpForwarder tcpThen, UdpForwarder udpThen, EchoForwarder echoThen) {
    TcpForwarder tcpForwarder = connection -> {
      tcpOpened.add(connection);
      tcpThen.open(connection);
    };
    UdpForwarder udpForwarder = flow -> {
      udpOpened.add(flow);
      udpThen.open(flow);
    };
    tcp = new TcpDemux(sink, builder, tcpForwarder, timers, drops, MTU);
    udp = new UdpFlows(sink, builder, udpForwarder, timers, UDP_IDLE.toNanos(), UdpTap.NONE);
    EchoForwarder echoForwarder = flow -> {
      echoOpened.add(flow);
      return echoThen.open(flow);
    };
    echoes = new EchoFlows(sink, builder, echoForwarder, timers, ECHO_IDLE.toNanos());
    network = new NetworkStack(tcp, udp, echoes, sink, builder, Set.of(GATEWAY4, GATEWAY6), drops);
  }

  public static IpAddress address(String literal) {
    try {
      return IpAddress.of(InetAddress.getByName(literal));
    } catch (UnknownHostException e) {
      throw new IllegalArgumentException(literal, e);
    }
  }

  public ClientPackets client(IpAddress client, int clientPort, IpAddress server, int serverPort) {
    return new ClientPackets(builder, client, clientPort, server, serverPort);
  }

  /** One batch read from the device: each packet, then the flush that sends the ACKs earned. */
  public void receive(ByteBuf... packets) {
    for (ByteBuf packet : packets) {
      network.receive(packet);
    }
    network.flush();
  }

  /** A packet read from the device, as raw bytes (virtio header first); no flush. */
  public void receiveBytes(byte[] packet) {
    network.receive(allocator.directBuffer(packet.length).writeBytes(packet));
  }

  /** Bytes for the stack to own, as the relay hands them over. */
  public ByteBuf bytes(byte[] data) {
    return allocator.directBuffer(data.length).writeBytes(data);
  }

  public TcpConnection lastTcpOpened() {
    assertThat(tcpOpened).isNotEmpty();
    return tcpOpened.get(tcpOpened.size() - 1);
  }

  public UdpFlow lastUdpOpened() {
    assertThat(udpOpened).isNotEmpty();
    return udpOpened.get(udpOpened.size() - 1);
  }

  public EchoFlow lastEchoOpened() {
    assertThat(echoOpened).isNotEmpty();
    return echoOpened.get(echoOpened.size() - 1);
  }

  @Override
  public void afterEach(ExtensionContext context) {
    assertNothingLeaked();
  }

  /** Ends every connection and flow, as the run's end does; then every buffer must be free. */
  public void assertNothingLeaked() {
    tcp.endAll();
    udp.closeAll();
    echoes.closeAll();
    sink.take();
    assertThat(allocator.unreleased()).as("buffers never released").isEmpty();
    assertThat(builder.headersInUse()).as("header buffers never released").isZero();
  }
}
