package dev.htapod.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.htapod.e2e.HtapodProcess.Result;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The training run scripts/htapod makes its class-data archive from, run as the script runs it. */
class ArchiveTrainingIT {
  private static final String JAVA = Path.of(System.getProperty("java.home"), "bin", "java").toString();

  @Test
  void theTrainingRelaysItsRequestsAndArchivesTheDataPathsClasses(@TempDir Path dir) throws Exception {
    Path archive = dir.resolve("htapod.jsa");
    Path classes = dir.resolve("htapod.classes");
    Path tmp = Files.createDirectory(dir.resolve("tmp"));
    String jar = HtapodProcess.JAR.toAbsolutePath().toString();

    Result training = HtapodProcess.run(new ProcessBuilder(JAVA, "-XX:DumpLoadedClassList=" + classes,
        "-Djava.io.tmpdir=" + tmp, "-cp", jar, "dev.htapod.launcher.ArchiveTraining"), "");
    // Status 0: the Java client inside got the page over HTTP and over HTTPS through htapod.
    assertThat(training.status()).as(training.stderr()).isZero();
    assertThat(tmp).as("the training's files removed").isEmptyDirectory();
    Result dump = HtapodProcess.run(new ProcessBuilder(JAVA, "-XX:+UseSerialGC", "-Xshare:dump",
        "-XX:SharedClassListFile=" + classes, "-XX:SharedArchiveFile=" + archive, "-cp", jar), "");
    assertThat(dump.status()).as(dump.stdout()).isZero();

    Result listing = HtapodProcess.run(new ProcessBuilder(JAVA, "-XX:+UseSerialGC", "-XX:SharedArchiveFile=" + archive,
        "-XX:+PrintSharedArchiveAndExit", "-cp", jar), "");
    List<String> archived = listing.stdout().lines()
        .filter(line -> line.endsWith(" app_loader"))
        .map(line -> line.substring(line.indexOf(": ") + 2, line.length() - " app_loader".length()))
        .toList();
    assertThat(archived).contains(
        "picocli.CommandLine",
        "dev.htapod.netstack.tcp.TcpConnection",
        "dev.htapod.relay.RelayedTcp",
        "dev.htapod.dns.DnsOverUdp",
        "dev.htapod.http.Http1Observer",
        "dev.htapod.report.TextReporter",
        "io.netty.handler.ssl.SslHandler",
        "io.netty.handler.ssl.JdkAlpnSslEngine");
  }
}
