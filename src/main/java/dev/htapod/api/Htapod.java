package dev.htapod.api;

import java.util.List;
import java.util.ServiceLoader;

/**
 * A configured tap: runs commands in their own user, network and mount namespaces, with all of
 * their network traffic passing through htapod.
 *
 * <pre>{@code
 * int status = Htapod.builder().build().run(List.of("curl", "-s", "http://site.test/"));
 * }</pre>
 */
public final class Htapod {
  private final boolean ipv6;

  private Htapod(Builder builder) {
    this.ipv6 = builder.ipv6;
  }

  /** A builder with the defaults: IPv4 and IPv6 configured inside the namespace. */
  public static Builder builder() {
    return new Builder();
  }

  /** Whether the namespace gets an IPv6 address and default route. */
  public boolean ipv6() {
    return ipv6;
  }

  /**
   * Runs {@code command} (program and arguments, looked up on {@code PATH}) with htapod's stdin,
   * stdout, stderr, working directory and environment, and waits for it.
   *
   * @return the command's exit status, 128 + N when it was killed by signal N, 126 when it could
   *     not be executed, 127 when it was not found
   * @throws HtapodException when htapod itself cannot do its job (no user namespaces, no TUN
   *     device, ...)
   */
  public int run(List<String> command) {
    if (command.isEmpty()) {
      throw new IllegalArgumentException("no command to run");
    }
    return runner().run(this, List.copyOf(command));
  }

  /** One line on whether htapod can run here, e.g. whether its native library loads. */
  public static String engineStatus() {
    return runner().status();
  }

  private static TapRunner runner() {
    return ServiceLoader.load(TapRunner.class)
        .findFirst()
        .orElseThrow(() -> new HtapodException("htapod's engine is not on the class path"));
  }

  /** Collects a tap's settings; {@link #build()} checks them. */
  public static final class Builder {
    private boolean ipv6 = true;

    private Builder() {}

    /** Whether to configure IPv6 inside the namespace (default true). */
    public Builder ipv6(boolean enabled) {
      this.ipv6 = enabled;
      return this;
    }

    /** The configured tap. */
    public Htapod build() {
      return new Htapod(this);
    }
  }
}
