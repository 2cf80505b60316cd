package dev.htapod.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A test CA and a server certificate for site.test (and 127.0.0.1) signed by it, made with the
 * openssl command in a directory of the test's: what a real server's operator would have. Also a
 * self-signed certificate that nothing trusts.
 */
final class TestPki {
  final Path dir;
  final Path caPem;
  final Path serverP12;
  final Path untrustedP12;
  /** A client certificate from the test CA, for servers that ask for one (mTLS). */
  final Path clientPem;
  final Path clientKey;
  static final String PASSWORD = "test-password";

  TestPki(Path dir) throws Exception {
    this.dir = dir;
    caPem = dir.resolve("ca.pem");
    openssl("req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
        "-keyout", "ca.key", "-out", "ca.pem", "-days", "5", "-subj", "/CN=htapod test CA",
        "-addext", "basicConstraints=critical,CA:TRUE", "-addext", "keyUsage=critical,keyCertSign");
    openssl("req", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
        "-keyout", "site.key", "-out", "site.csr", "-subj", "/CN=site.test");
    Files.writeString(dir.resolve("ext"), "subjectAltName=DNS:site.test,IP:127.0.0.1\nextendedKeyUsage=serverAuth\n");
    openssl("x509", "-req", "-in", "site.csr", "-CA", "ca.pem", "-CAkey", "ca.key", "-CAcreateserial",
        "-out", "site.pem", "-days", "5", "-extfile", "ext");
    serverP12 = pkcs12("site.pem", "site.key", "site.p12");
    openssl("req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
        "-keyout", "self.key", "-out", "self.pem", "-days", "5", "-subj", "/CN=site.test",
        "-addext", "subjectAltName=DNS:site.test");
    untrustedP12 = pkcs12("self.pem", "self.key", "self.p12");
    openssl("req", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
        "-keyout", "client.key", "-out", "client.csr", "-subj", "/CN=htapod test client");
    Files.writeString(dir.resolve("client-ext"), "extendedKeyUsage=clientAuth\n");
    openssl("x509", "-req", "-in", "client.csr", "-CA", "ca.pem", "-CAkey", "ca.key", "-CAcreateserial",
        "-out", "client.pem", "-days", "5", "-extfile", "client-ext");
    clientPem = dir.resolve("client.pem");
    clientKey = dir.resolve("client.key");
  }

  private Path pkcs12(String cert, String key, String out) throws Exception {
    openssl("pkcs12", "-export", "-in", cert, "-inkey", key, "-out", out, "-passout", "pass:" + PASSWORD);
    return dir.resolve(out);
  }

  private void openssl(String... args) throws Exception {
    List<String> command = new ArrayList<>(List.of("openssl"));
    command.addAll(List.of(args));
    Process process = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes());
    assertThat(process.waitFor()).as("openssl %s: %s", String.join(" ", args), output).isZero();
  }
}
