package dev.htapod.namespace;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * What the native side needs to clone a run's init, in its own terms: byte strings and numbers
 * (see native/htapod.h's spawn_plan). {@link #encode} gives the form the warm launcher reads
 * (native/launch.c), which clones the init in its own process.
 *
 * @param candidates the paths to try to execute, in PATH order
 * @param environment the variables set or replaced in the environment the command starts from
 * @param mounts each mount's fields, in order
 * @param numbers MTU, transmit queue length, IPv4 and IPv6 prefix lengths
 * @param ipv4 the command's address and the gateway, 8 bytes
 * @param ipv6 the same in IPv6, 32 bytes, or null for no IPv6 inside
 */
public record SpawnPlan(byte[][] candidates, byte[][] argv, byte[][] environment, byte[][] mounts,
    byte[] interfaceName, int[] numbers, byte[] ipv4, byte[] ipv6) {
  /** The plan as native/frames.h's payloads have it: little-endian lengths, counts and numbers. */
  public byte[] encode() {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    strings(out, candidates);
    strings(out, argv);
    strings(out, environment);
    strings(out, mounts);
    string(out, interfaceName);
    for (int number : numbers) {
      u32(out, number);
    }
    out.write(ipv4, 0, 8);
    out.write(ipv6 == null ? 0 : 1);
    out.write(ipv6 == null ? new byte[32] : ipv6, 0, 32);
    return out.toByteArray();
  }

  private static void strings(ByteArrayOutputStream out, byte[][] strings) {
    u32(out, strings.length);
    for (byte[] string : strings) {
      string(out, string);
    }
  }

  private static void string(ByteArrayOutputStream out, byte[] string) {
    u32(out, string.length);
    out.write(string, 0, string.length);
  }

  private static void u32(ByteArrayOutputStream out, int value) {
    out.write(ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(value).array(), 0, 4);
  }
}
