package dev.htapod.engine;

import dev.htapod.dns.HostsFile;
import dev.htapod.dns.ResolvConf;
import dev.htapod.namespace.PrivateFiles;
import dev.htapod.namespace.SandboxSpec.BindMount;
import dev.htapod.namespace.SandboxSpec.Mount;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The command's /etc/resolv.conf (asking the built-in resolver) and /etc/hosts (host loopback
 * names pointing at the gateway): private files of the run, bind-mounted over the system's inside
 * the mount namespace.
 */
final class ResolverFiles {
  static final Path RESOLV_CONF = Path.of("/etc/resolv.conf");
  static final Path HOSTS = Path.of("/etc/hosts");

  private final List<Mount> mounts = new ArrayList<>();
  private final String hostResolvConf;

  ResolverFiles(PrivateFiles files, String nameserver, String gateway4, String gateway6) {
    hostResolvConf = read(RESOLV_CONF);
    if (Files.exists(RESOLV_CONF)) {
      String resolvConf = ResolvConf.forCommand(hostResolvConf, nameserver);
      mounts.add(new BindMount(files.file("resolv.conf", utf8(resolvConf)), RESOLV_CONF));
    }
    if (Files.exists(HOSTS)) {
      String hosts = HostsFile.rewrite(read(HOSTS), hostname(), gateway4, gateway6);
      mounts.add(new BindMount(files.file("hosts", utf8(hosts)), HOSTS));
    }
  }

  List<Mount> mounts() {
    return List.copyOf(mounts);
  }

  /** The host's own resolv.conf, for its nameserver. */
  String hostResolvConf() {
    return hostResolvConf;
  }

  private static byte[] utf8(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  private static String read(Path file) {
    try {
      return Files.readString(file);
    } catch (IOException e) {
      return "";
    }
  }

  private static String hostname() {
    return read(Path.of("/proc/sys/kernel/hostname")).trim().toLowerCase(java.util.Locale.ROOT);
  }
}
