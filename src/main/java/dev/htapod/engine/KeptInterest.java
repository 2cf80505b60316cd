package dev.htapod.engine;

import io.netty.channel.IoOps;
import io.netty.channel.IoRegistration;
import io.netty.channel.epoll.EpollIoOps;

/**
 * A registration on Netty's epoll loop whose descriptor, once in epoll's interest list, stays
 * there.
 *
 * <p>Why: when a channel's interest becomes empty, Netty (4.2.18, and 4.2.21 still) removes its
 * descriptor from the list (EPOLL_CTL_DEL) but goes on believing it there, so the next interest
 * is an EPOLL_CTL_MOD, which fails with ENOENT. An outward socket gets there when its server
 * closes (no more EPOLLRDHUP) while the command's side is full (no EPOLLIN): as the command read
 * on, the relay failed with "epoll_ctl(..) failed with error(-2)". Here an empty interest becomes
 * edge-triggered and nothing else: epoll then reports only an error or a hang-up, once (Netty
 * removes the descriptor because a level-triggered empty interest reports them for ever).
 */
final class KeptInterest implements IoRegistration {
  private final IoRegistration registration;
  /** Whether Netty added the descriptor to the list: it does at the first interest that is not empty. */
  private boolean added;

  KeptInterest(IoRegistration registration) {
    this.registration = registration;
  }

  @Override
  public synchronized long submit(IoOps ops) {
    boolean empty = ((EpollIoOps) ops).value() == 0;
    if (empty && added) {
      return registration.submit(EpollIoOps.EPOLLET);
    }
    long submitted = registration.submit(ops);
    added |= !empty && submitted >= 0;
    return submitted;
  }

  @Override
  public <T> T attachment() {
    return registration.attachment();
  }

  @Override
  public boolean isValid() {
    return registration.isValid();
  }

  @Override
  public boolean cancel() {
    return registration.cancel();
  }
}
