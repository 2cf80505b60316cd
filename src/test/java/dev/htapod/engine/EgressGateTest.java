package dev.htapod.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.htapod.relay.FlowOwners;
import dev.htapod.api.AddressMapping;
import dev.htapod.api.DenyEvent;
import dev.htapod.api.TapListener;
import dev.htapod.netstack.FlowKey;
import dev.htapod.netstack.wire.IpAddress;
import dev.htapod.policy.EgressPolicy;
import dev.htapod.relay.Destinations;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class EgressGateTest {
  private static final IpAddress GATEWAY = address("10.0.2.2");
  private static final IpAddress CLIENT = address("10.0.2.100");

  private final List<DenyEvent> denials = new ArrayList<>();
  private final List<DenyEvent> audits = new ArrayList<>();
  private final TapListener listener = new TapListener() {
    @Override
    public void deny(DenyEvent event) {
      denials.add(event);
    }

    @Override
    public void audit(DenyEvent event) {
      audits.add(event);
    }
  };

  private static IpAddress address(String text) {
    try {
      return IpAddress.of(InetAddress.getByName(text));
    } catch (java.net.UnknownHostException e) {
      throw new AssertionError(e);
    }
  }

  private EgressGate gate(List<String> allow, List<String> deny, List<AddressMapping> mappings) {
    return gate(allow, deny, mappings, false);
  }

  private EgressGate gate(List<String> allow, List<String> deny, List<AddressMapping> mappings, boolean audit) {
    Destinations destinations =
        new Destinations(mappings, Map.of(GATEWAY, IpAddress.LOOPBACK4.toInetAddress()));
    return new EgressGate(EgressPolicy.parse(allow, deny), destinations, Set.of(GATEWAY), address -> null, listener,
        FlowOwners.NONE, audit);
  }

  @Test
  void inAuditModeNothingIsRefusedAndEachWouldBeRefusalIsReportedOnce() {
    EgressGate gate = gate(List.of("site.test"), List.of(), List.of(), true);
    assertThat(gate.admits("other.test", FlowOwners.UNKNOWN)).isTrue();
    assertThat(gate.admits("other.test", FlowOwners.UNKNOWN)).isTrue();
    FlowKey key = new FlowKey(CLIENT, 40000, GATEWAY, 8080);
    InetSocketAddress target = new InetSocketAddress(IpAddress.LOOPBACK4.toInetAddress(), 8080);
    // Its SYN, judged by address alone, was not allowed and reported then: its name adds nothing.
    assertThat(gate.admits(key, target, "other.test", FlowOwners.UNKNOWN)).isTrue();
    assertThat(audits).containsExactly(new DenyEvent("dns", "other.test", null, 0, null, null));
    assertThat(denials).isEmpty();
    assertThat(gate.refusals()).isZero();
  }

  @Test
  void aNameRefusedAtTheResolverIsReportedOnceAndCounted() {
    EgressGate gate = gate(List.of("site.test"), List.of(), List.of());
    assertThat(gate.admits("site.test", FlowOwners.UNKNOWN)).isTrue();
    assertThat(gate.admits("other.test", FlowOwners.UNKNOWN)).isFalse();
    assertThat(gate.admits("other.test", FlowOwners.UNKNOWN)).isFalse(); // the AAAA query after the A one
    assertThat(denials).containsExactly(new DenyEvent("dns", "other.test", null, 0, null, null));
    assertThat(gate.refusals()).isEqualTo(1);
  }

  @Test
  void theNameAConnectionSendsIsJudgedWithItsAddress() {
    EgressGate gate = gate(List.of("*.site.test", "192.0.2.0/24"), List.of("secret.site.test"), List.of());
    FlowKey key = new FlowKey(CLIENT, 40000, GATEWAY, 8443);
    InetSocketAddress target = new InetSocketAddress(IpAddress.LOOPBACK4.toInetAddress(), 8443);
    assertThat(gate.active()).isTrue();
    assertThat(gate.admits(key, target, "api.site.test", FlowOwners.UNKNOWN)).isTrue();
    assertThat(gate.admits(key, target, "secret.site.test", FlowOwners.UNKNOWN)).isFalse();
    assertThat(gate.admits(key, target, "elsewhere.test", FlowOwners.UNKNOWN)).isFalse();
    assertThat(denials).containsExactly(
        new DenyEvent("tcp", "secret.site.test", "127.0.0.1", 8443, "secret.site.test", null),
        new DenyEvent("tcp", "elsewhere.test", "127.0.0.1", 8443, null, null));
  }

  @Test
  void theGatewayIsJudgedAsTheLoopbackItStandsFor() {
    EgressGate gate = gate(List.of("10.0.0.0/8"), List.of(), List.of());
    FlowKey key = new FlowKey(CLIENT, 40000, GATEWAY, 8080);
    InetSocketAddress target = new InetSocketAddress(IpAddress.LOOPBACK4.toInetAddress(), 8080);
    assertThat(gate.admits(key, target, "site.test", FlowOwners.UNKNOWN)).isFalse();
    assertThat(gate(List.of("127.0.0.1:8080"), List.of(), List.of()).admits(key, target, "site.test", FlowOwners.UNKNOWN)).isTrue();
  }

  @Test
  void aMappedAddressIsJudgedAsUsedAndAsSent() throws Exception {
    AddressMapping map = new AddressMapping(InetAddress.getByName("192.0.2.1"), 0,
        InetAddress.getByName("127.0.0.1"), 0);
    FlowKey key = new FlowKey(CLIENT, 40000, address("192.0.2.1"), 80);
    InetSocketAddress target = new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 80);
    assertThat(gate(List.of("192.0.2.1"), List.of(), List.of(map)).admits(key, target, "x.test", FlowOwners.UNKNOWN)).isTrue();
    assertThat(gate(List.of("127.0.0.1:80"), List.of(), List.of(map)).admits(key, target, "x.test", FlowOwners.UNKNOWN)).isTrue();
    assertThat(gate(List.of(), List.of("192.0.2.0/24"), List.of(map)).admits(key, target, "x.test", FlowOwners.UNKNOWN)).isFalse();
  }
}
