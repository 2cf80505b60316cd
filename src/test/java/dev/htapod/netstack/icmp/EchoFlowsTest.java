package dev.htapod.netstack.icmp;

import static dev.htapod.netstack.StackUnderTest.CLIENT4;
import static dev.htapod.netstack.StackUnderTest.CLIENT6;
import static dev.htapod.netstack.StackUnderTest.SERVER4;
import static dev.htapod.netstack.StackUnderTest.SERVER6;
import static dev.htapod.netstack.icmp.RecordingEchoPeer.data;
import static dev.htapod.netstack.icmp.RecordingEchoPeer.field;
import static org.assertj.core.api.Assertions.assertThat;

import dev.htapod.netstack.Bytes;
import dev.htapod.netstack.ClientPackets;
import dev.htapod.netstack.Outgoing;
import dev.htapod.netstack.StackUnderTest;
import dev.htapod.netstack.wire.Icmp;
import dev.htapod.netstack.wire.VirtioHeader;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Pings to hosts other than the gateway: one flow per identifier and destination, requests to the
 * peer as sent, replies back with the command's identifier restored, ended when idle.
 */
class EchoFlowsTest {
  /** The command's identifier, and the one the host's socket puts in instead. */
  private static final int IDENTIFIER = 0x1234;
  private static final int HOST_IDENTIFIER = 0xbeef;

  private final RecordingEchoPeer peer = new RecordingEchoPeer();
  @RegisterExtension final StackUnderTest stack = new StackUnderTest(connection -> {}, flow -> {}, flow -> peer);
  private final ClientPackets client = stack.client(CLIENT4, 0, SERVER4, 0);

  @Test
  void theFirstRequestOpensAFlowAndLaterOnesOfTheSamePingJoinIt() {
    stack.receive(client.echoRequest(IDENTIFIER, 1, Bytes.pattern(56)));
    stack.receive(client.echoRequest(IDENTIFIER, 2, Bytes.pattern(56)));
    stack.receive(client.echoRequest(IDENTIFIER + 1, 1, Bytes.pattern(56)));

    assertThat(stack.echoOpened).extracting(EchoFlow::key).containsExactly(
        new EchoKey(CLIENT4, IDENTIFIER, SERVER4), new EchoKey(CLIENT4, IDENTIFIER + 1, SERVER4));
    assertThat(stack.echoOpened.get(0).requests()).isEqualTo(2);
    assertThat(stack.echoes.size()).isEqualTo(2);
  }

  @ParameterizedTest(name = "IPv6 {0}")
  @ValueSource(booleans = {false, true})
  void theRequestGoesToThePeerAsTheCommandSentIt(boolean v6) {
    byte[] payload = Bytes.pattern(56);

    stack.receive(clientOf(v6).echoRequest(IDENTIFIER, 9, payload));

    byte[] sent = peer.lastRequest();
    assertThat(sent[0] & 0xff).isEqualTo(Icmp.echoRequest(v6));
    assertThat(field(sent, 4)).isEqualTo(IDENTIFIER);
    assertThat(field(sent, 6)).isEqualTo(9);
    assertThat(data(sent)).isEqualTo(payload);
    assertThat(stack.sink.isEmpty()).isTrue();
  }

  @ParameterizedTest(name = "IPv6 {0}")
  @ValueSource(booleans = {false, true})
  void aReplyReturnsWithTheCommandsIdentifierItsSequenceNumberAndAValidChecksum(boolean v6) {
    byte[] payload = Bytes.pattern(3, 56);
    stack.receive(clientOf(v6).echoRequest(IDENTIFIER, 5, payload));
    EchoFlow flow = stack.lastEchoOpened();

    flow.reply(hostReply(v6, 5, payload));

    Outgoing reply = stack.sink.takeOnly(); // Outgoing checks the IP and ICMP checksums
    assertThat(reply.ip().source()).isEqualTo(v6 ? SERVER6 : SERVER4);
    assertThat(reply.ip().destination()).isEqualTo(v6 ? CLIENT6 : CLIENT4);
    assertThat(reply.icmpType()).isEqualTo(Icmp.echoReply(v6));
    assertThat(reply.icmpCode()).isZero();
    assertThat(field(reply.payload(), 4)).isEqualTo(IDENTIFIER);
    assertThat(field(reply.payload(), 6)).isEqualTo(5);
    assertThat(data(reply.payload())).isEqualTo(payload);
    assertThat(flow.replies()).isEqualTo(1);
  }

  @Test
  void aReplyFromTheOtherIpVersionReachesTheCommandInItsOwn() {
    stack.receive(client.echoRequest(IDENTIFIER, 1, Bytes.pattern(8)));

    stack.lastEchoOpened().reply(hostReply(true, 1, Bytes.pattern(8)));

    Outgoing reply = stack.sink.takeOnly();
    assertThat(reply.ip().v6()).isFalse();
    assertThat(reply.icmpType()).isEqualTo(Icmp.V4_ECHO_REPLY);
    assertThat(field(reply.payload(), 4)).isEqualTo(IDENTIFIER);
  }

  @Test
  void aFlowTheForwarderRefusedDropsItsRequests() {
    StackUnderTest refusing = new StackUnderTest();
    ClientPackets toServer = refusing.client(CLIENT4, 0, SERVER4, 0);

    refusing.receive(toServer.echoRequest(IDENTIFIER, 1, Bytes.pattern(8)));
    refusing.receive(toServer.echoRequest(IDENTIFIER, 2, Bytes.pattern(8)));

    assertThat(refusing.echoOpened).hasSize(1);
    assertThat(refusing.lastEchoOpened().requests()).isEqualTo(2);
    assertThat(refusing.sink.isEmpty()).isTrue();
    refusing.assertNothingLeaked();
  }

  @ParameterizedTest(name = "IPv6 {0}")
  @ValueSource(booleans = {false, true})
  void anUnreachableDestinationIsAnIcmpErrorQuotingTheRequest(boolean v6) {
    peer.answer(Icmp.Unreachable.NETWORK);
    ByteBuf request = clientOf(v6).echoRequest(IDENTIFIER, 3, Bytes.pattern(56));
    byte[] requestIp = new byte[request.readableBytes() - VirtioHeader.LENGTH];
    request.getBytes(VirtioHeader.LENGTH, requestIp);

    stack.receive(request);

    Outgoing error = stack.sink.takeOnly();
    assertThat(error.ip().source()).isEqualTo(v6 ? SERVER6 : SERVER4);
    assertThat(error.icmpType()).isEqualTo(Icmp.Unreachable.NETWORK.type(v6));
    assertThat(error.icmpCode()).isEqualTo(Icmp.Unreachable.NETWORK.code(v6));
    byte[] quote = error.icmpQuote();
    assertThat(quote).isEqualTo(Arrays.copyOf(requestIp, quote.length));
    assertThat(quote.length).isGreaterThanOrEqualTo(requestIp.length - 56); // IP header and echo header
  }

  @Test
  void aFlowWithoutRequestsOrRepliesEndsAfterTheIdleTimeout() {
    stack.receive(client.echoRequest(IDENTIFIER, 1, Bytes.pattern(8)));
    EchoFlow flow = stack.lastEchoOpened();
    stack.timers.advanceMillis(40_000);
    flow.reply(hostReply(false, 1, Bytes.pattern(8)));

    stack.timers.advance(StackUnderTest.ECHO_IDLE.minusMillis(1));
    assertThat(stack.echoes.size()).isEqualTo(1);
    stack.timers.advanceMillis(1);

    assertThat(stack.echoes.size()).isZero();
    assertThat(peer.wasClosed()).isTrue();
  }

  @Test
  void aReplyAfterTheFlowEndedIsDropped() {
    stack.receive(client.echoRequest(IDENTIFIER, 1, Bytes.pattern(8)));
    EchoFlow flow = stack.lastEchoOpened();
    stack.echoes.closeAll();

    flow.reply(hostReply(false, 1, Bytes.pattern(8)));

    assertThat(peer.wasClosed()).isTrue();
    assertThat(stack.sink.isEmpty()).isTrue();
  }

  private ClientPackets clientOf(boolean v6) {
    return v6 ? stack.client(CLIENT6, 0, SERVER6, 0) : client;
  }

  /**
   * An echo reply as the host's ICMP socket hands it over: its own identifier, the sequence number
   * and data of the request, and a checksum that is not ours to trust (here, zero). Borrowed by
   * the flow, so not from the allocator that counts leaks.
   */
  private static ByteBuf hostReply(boolean v6, int sequence, byte[] payload) {
    ByteBuf message = Unpooled.wrappedBuffer(new byte[8 + payload.length]);
    message.setByte(0, Icmp.echoReply(v6));
    message.setShort(4, HOST_IDENTIFIER);
    message.setShort(6, sequence);
    message.setBytes(8, payload);
    return message;
  }
}
