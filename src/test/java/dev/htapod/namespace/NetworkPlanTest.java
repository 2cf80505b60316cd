package dev.htapod.namespace;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class NetworkPlanTest {
  @Test
  void theStandardLayoutIsSlirpsWithAJumboMtu() {
    assertThat(NetworkPlan.standard(true).describe())
        .isEqualTo("tun0 at 10.0.2.100 and fd00::100, gateway 10.0.2.2 and fd00::2, MTU 65520");
    assertThat(NetworkPlan.standard(false).describe())
        .isEqualTo("tun0 at 10.0.2.100, gateway 10.0.2.2, MTU 65520");
  }

  @Test
  void interfaceNamesMustFitTheKernelsLimit() {
    NetworkPlan plan = NetworkPlan.standard(false);
    assertThatThrownBy(() -> new NetworkPlan("a-name-of-16-chr", plan.mtu(), plan.txQueueLength(),
            plan.address4(), 24, plan.gateway4(), null, 64, null))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
