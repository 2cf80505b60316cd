package dev.htapod.netstack;

import static dev.htapod.netstack.Bytes.ascii;
import static dev.htapod.netstack.wire.TcpSegment.ACK;
import static dev.htapod.netstack.wire.TcpSegment.FIN;
import static dev.htapod.netstack.wire.TcpSegment.PSH;
import static dev.htapod.netstack.wire.TcpSegment.RST;
import static dev.htapod.netstack.wire.TcpSegment.SYN;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import dev.htapod.netstack.tcp.RecordingPeer;
import dev.htapod.netstack.tcp.TcpClient;
import dev.htapod.netstack.tcp.TcpConnection;
import dev.htapod.netstack.udp.RecordingUdpPeer;
import dev.htapod.netstack.wire.Drops;
import dev.htapod.netstack.wire.Icmp;
import dev.htapod.netstack.wire.IpAddress;
import dev.htapod.netstack.wire.IpPacket;
import dev.htapod.netstack.wire.KnownPackets;
import dev.htapod.netstack.wire.SeqNum;
import dev.htapod.netstack.wire.VirtioHeader;
import io.netty.buffer.ByteBuf;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Twenty thousand random and damaged packets (or {@code -Dhtapod.fuzz.packets=N}; the torture suite
 * sends a million), from a seeded generator so that a failure repeats:
 * none may throw, none may leak, and afterwards the stack must still carry a connection. Damaged
 * copies of valid packets of live connections reach deep into TCP; the destination's side acts at
 * random in between, and the clock moves so that timers fire.
 */
class NetworkStackFuzzTest {
  private static final int PACKETS = Integer.getInteger("htapod.fuzz.packets", 20_000);
  private static final byte[] NONE = new byte[0];

  private final Random random = new Random(0x68746170L);
  private final StackUnderTest stack = new StackUnderTest(this::answer, flow -> flow.attach(new RecordingUdpPeer()));
  private final List<Flow> flows = new ArrayList<>();
  private final List<ClientPackets> datagrams = new ArrayList<>();
  private final List<TcpConnection> dialing = new ArrayList<>();
  private final List<TcpConnection> accepted = new ArrayList<>();
  private final List<RecordingPeer> peers = new ArrayList<>();
  private boolean fuzzing = true;

  /** The command's side of one TCP flow, keeping up with what the stack tells it. */
  private static final class Flow {
    final ClientPackets packets;
    final IpAddress client;
    final int port;
    final int isn;
    int clientNext;
    int serverNext;

    Flow(ClientPackets packets, IpAddress client, int port, int isn) {
      this.packets = packets;
      this.client = client;
      this.port = port;
      this.isn = isn;
      this.clientNext = isn + 1;
    }
  }

  @Test
  void survivesRandomAndDamagedPacketsAndStillWorks() {
    for (int i = 0; i < 6; i++) {
      flows.add(flow(StackUnderTest.CLIENT4, 50_000 + i, StackUnderTest.SERVER4));
      datagrams.add(stack.client(StackUnderTest.CLIENT4, 52_000 + i, StackUnderTest.SERVER4, 53));
    }
    flows.add(flow(StackUnderTest.CLIENT6, 51_000, StackUnderTest.SERVER6));
    datagrams.add(stack.client(StackUnderTest.CLIENT6, 53_000, StackUnderTest.SERVER6, 53));

    for (int round = 0; round < PACKETS; round++) {
      byte[] packet = nextPacket();
      try {
        stack.receiveBytes(packet);
        if (random.nextInt(3) == 0) {
          stack.network.flush();
        }
        if (random.nextInt(10) == 0) {
          destinationActs();
        }
        if (random.nextInt(50) == 0) {
          stack.timers.advanceMillis(random.nextInt(2_000));
        }
      } catch (RuntimeException | AssertionError e) {
        fail("round " + round + ", packet " + HexFormat.of().formatHex(packet), e);
      }
      learn(stack.sink.take());
    }
    stack.network.flush();
    fuzzing = false;

    assertThat(EnumSet.allOf(Drops.Reason.class)).as("every kind of drop was reached (%s)", stack.drops)
        .allMatch(reason -> stack.drops.count(reason) > 0);
    assertThat(peers).as("some connections carried data").anyMatch(peer -> peer.received().length > 0);
    assertThat(peers).as("some were closed by the command").anyMatch(RecordingPeer::endOfDataSeen);
    assertThat(peers).as("some were reset by the command").anyMatch(RecordingPeer::wasReset);
    stillCarriesAConnection();
    stack.assertNothingLeaked();
  }

  private void stillCarriesAConnection() {
    stack.sink.take();
    TcpClient client = new TcpClient(stack);
    client.establish();
    client.send(ascii("still there?"));
    client.fromDestination(ascii("yes"));

    assertThat(client.peer.receivedText()).isEqualTo("still there?");
    assertThat(stack.sink.take()).anySatisfy(segment -> assertThat(segment.payload()).isEqualTo(ascii("yes")));
  }

  private void answer(TcpConnection connection) {
    if (!fuzzing) {
      return;
    }
    switch (random.nextInt(10)) {
      case 0 -> connection.refuse();
      case 1 -> connection.unreachable(Icmp.Unreachable.values()[random.nextInt(4)]);
      case 2 -> dialing.add(connection);
      default -> accept(connection);
    }
  }

  private void accept(TcpConnection connection) {
    RecordingPeer peer = new RecordingPeer();
    connection.accept(peer);
    accepted.add(connection);
    peers.add(peer);
  }

  /** What a relay might do at any moment: send, end, reopen its window, fall behind, give up. */
  private void destinationActs() {
    if (!dialing.isEmpty() && random.nextInt(4) == 0) {
      accept(dialing.remove(random.nextInt(dialing.size())));
    }
    if (accepted.isEmpty()) {
      return;
    }
    int which = random.nextInt(accepted.size());
    TcpConnection connection = accepted.get(which);
    switch (random.nextInt(8)) {
      case 0, 1, 2 -> connection.send(stack.bytes(randomBytes(1 + random.nextInt(4_000))));
      case 3 -> connection.endOfInput();
      case 4 -> connection.windowOpened();
      case 5 -> peers.get(which).pending = random.nextInt(6 << 20);
      case 6 -> connection.abort();
      default -> peers.get(which).pending = 0;
    }
  }

  private byte[] nextPacket() {
    byte[] packet = switch (random.nextInt(10)) {
      case 0 -> KnownPackets.onDevice(random.nextInt(4), randomBytes(random.nextInt(120)));
      case 1 -> plausibleIp();
      case 2, 3 -> Arrays.copyOf(valid(), random.nextInt(valid().length));
      case 4, 5, 6 -> flipped(valid());
      default -> valid();
    };
    if (packet.length > 0 && random.nextInt(5) == 0) {
      packet[0] = 0; // the stack must check the checksums itself
    }
    return packet;
  }

  /** A valid IP header (checksum and all) over random bytes of a likely protocol. */
  private byte[] plausibleIp() {
    boolean v6 = random.nextBoolean();
    int[] protocols = {IpPacket.TCP, IpPacket.UDP, v6 ? IpPacket.ICMPV6 : IpPacket.ICMP, random.nextInt(256)};
    int protocol = protocols[random.nextInt(protocols.length)];
    byte[] payload = randomBytes(random.nextInt(100));
    int header = v6 ? IpPacket.IPV6_HEADER : IpPacket.IPV4_HEADER;
    byte[] ip = new byte[header + payload.length];
    System.arraycopy(randomBytes(32), 0, ip, v6 ? 8 : 12, v6 ? 32 : 8);
    System.arraycopy(payload, 0, ip, header, payload.length);
    if (v6) {
      ip = KnownPackets.with(ip, 0, 0x60, 0, 0, 0, payload.length >>> 8, payload.length & 0xff, protocol, 64);
    } else {
      int total = ip.length;
      int fragment = random.nextInt(8) == 0 ? random.nextInt(0x10000) : 0x4000;
      ip = KnownPackets.withV4Header(ip, 0, 0x45, 0, total >>> 8, total & 0xff,
          0, 0, fragment >>> 8, fragment & 0xff, 64, protocol);
    }
    return KnownPackets.onDevice(VirtioHeader.NEEDS_CSUM, ip);
  }

  private byte[] flipped(byte[] packet) {
    for (int flips = 1 + random.nextInt(3); flips > 0; flips--) {
      int bit = random.nextInt(packet.length * 8);
      packet[bit / 8] ^= (byte) (1 << (bit % 8));
    }
    return packet;
  }

  /** A packet that makes sense on one of the flows, as far as the client knows. */
  private byte[] valid() {
    int kind = random.nextInt(14);
    if (kind >= 12) {
      ClientPackets flow = datagrams.get(random.nextInt(datagrams.size()));
      return Bytes.takeAll(kind == 12 ? flow.udp(randomBytes(random.nextInt(600))) : echoRequest());
    }
    Flow flow = flows.get(random.nextInt(flows.size()));
    int window = new int[] {0, 1, 1000, 0xffff, random.nextInt(0x10000)}[random.nextInt(5)];
    return Bytes.takeAll(switch (kind) {
      case 0 -> flow.packets.syn(flow.isn, window, random.nextInt(1500) - 1, random.nextInt(17) - 1);
      case 1, 2 -> segment(flow, flow.clientNext, ACK, window, NONE);
      case 3, 4, 5 -> segment(flow, flow.clientNext, ACK | PSH, window, randomBytes(1 + random.nextInt(1_500)));
      case 6 -> segment(flow, flow.clientNext + 1 + random.nextInt(3_000), ACK, window, randomBytes(500));
      case 7 -> segment(flow, flow.clientNext - 1 - random.nextInt(500), ACK, window, randomBytes(600));
      case 8, 9 -> segment(flow, flow.clientNext, FIN | ACK, window, randomBytes(random.nextInt(2) * 100));
      case 10 -> segment(flow, flow.clientNext, RST, 0, NONE);
      default -> segment(flow, flow.isn, SYN | ACK, window, NONE);
    });
  }

  private ByteBuf segment(Flow flow, int seq, int flags, int window, byte[] data) {
    return flow.packets.tcp(seq, flow.serverNext, flags, window, data);
  }

  private ByteBuf echoRequest() {
    IpAddress to = random.nextBoolean() ? StackUnderTest.GATEWAY4 : StackUnderTest.SERVER4;
    return stack.client(StackUnderTest.CLIENT4, 0, to, 0).echoRequest(randomBytes(random.nextInt(64)));
  }

  /** Keeps each flow's idea of both sides' sequence numbers up to date with what the stack sent. */
  private void learn(List<Outgoing> sent) {
    for (Outgoing packet : sent) {
      if (packet.tcp() == null) {
        continue;
      }
      for (Flow flow : flows) {
        if (flow.client.equals(packet.ip().destination()) && flow.port == packet.tcp().destinationPort()) {
          int end = packet.tcp().seq() + packet.tcp().sequenceLength();
          if (packet.has(SYN) || SeqNum.gt(end, flow.serverNext)) {
            flow.serverNext = end;
          }
          if (packet.has(RST)) {
            flow.clientNext = flow.isn + 1;
          } else if (packet.has(ACK)) {
            flow.clientNext = packet.tcp().ack();
          }
        }
      }
    }
  }

  private Flow flow(IpAddress client, int port, IpAddress server) {
    return new Flow(stack.client(client, port, server, 80), client, port, random.nextInt());
  }

  private byte[] randomBytes(int length) {
    byte[] bytes = new byte[length];
    random.nextBytes(bytes);
    return bytes;
  }
}
