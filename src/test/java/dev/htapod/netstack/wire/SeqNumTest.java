package dev.htapod.netstack.wire;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Sequence numbers compare modulo 2^32 (RFC 1982): what follows the wrap is larger. */
class SeqNumTest {
  private static final int BEFORE_WRAP = 0xfffffff0;
  private static final int AFTER_WRAP = 0x00000010;

  @Test
  void numbersJustPastTheWrapFollowThoseJustBeforeIt() {
    assertThat(SeqNum.lt(BEFORE_WRAP, AFTER_WRAP)).isTrue();
    assertThat(SeqNum.le(BEFORE_WRAP, AFTER_WRAP)).isTrue();
    assertThat(SeqNum.gt(AFTER_WRAP, BEFORE_WRAP)).isTrue();
    assertThat(SeqNum.ge(AFTER_WRAP, BEFORE_WRAP)).isTrue();
    assertThat(SeqNum.gt(BEFORE_WRAP, AFTER_WRAP)).isFalse();
    assertThat(SeqNum.compare(BEFORE_WRAP, AFTER_WRAP)).isNegative();
    assertThat(SeqNum.compare(AFTER_WRAP, BEFORE_WRAP)).isPositive();
  }

  @Test
  void aNumberEqualsOnlyItself() {
    assertThat(SeqNum.le(BEFORE_WRAP, BEFORE_WRAP)).isTrue();
    assertThat(SeqNum.ge(BEFORE_WRAP, BEFORE_WRAP)).isTrue();
    assertThat(SeqNum.lt(BEFORE_WRAP, BEFORE_WRAP)).isFalse();
    assertThat(SeqNum.compare(BEFORE_WRAP, BEFORE_WRAP)).isZero();
  }

  @Test
  void theDistanceAcrossTheWrapIsSmall() {
    assertThat(SeqNum.diff(AFTER_WRAP, BEFORE_WRAP)).isEqualTo(0x20);
    assertThat(SeqNum.diff(BEFORE_WRAP, AFTER_WRAP)).isEqualTo(-0x20);
  }

  @Test
  void aWindowThatWrapsHoldsItsStartButNotItsEnd() {
    assertThat(SeqNum.within(BEFORE_WRAP, BEFORE_WRAP, AFTER_WRAP)).isTrue();
    assertThat(SeqNum.within(-1, BEFORE_WRAP, AFTER_WRAP)).isTrue();
    assertThat(SeqNum.within(0, BEFORE_WRAP, AFTER_WRAP)).isTrue();
    assertThat(SeqNum.within(AFTER_WRAP, BEFORE_WRAP, AFTER_WRAP)).isFalse();
    assertThat(SeqNum.within(BEFORE_WRAP - 1, BEFORE_WRAP, AFTER_WRAP)).isFalse();
  }

  @Test
  void halfTheSpaceAwayIsTheHorizon() {
    int start = 0x7ffffff0;
    assertThat(SeqNum.gt(start + Integer.MAX_VALUE, start)).as("2^31 - 1 ahead").isTrue();
    assertThat(SeqNum.lt(start + Integer.MAX_VALUE + 2, start)).as("2^31 + 1 ahead reads as behind").isTrue();
  }
}
