package dev.htapod.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

/** Runs the packaged htapod jar as a real process, the way a user runs it. */
final class HtapodProcess {
  static final Path JAR = Path.of(System.getProperty("htapod.jar", "target/htapod.jar"));
  private static final long TIMEOUT_SECONDS = 60;
  /** scripts/htapod's cold JVM option that a warm process goes without. */
  static final String C1_ONLY = "-XX:TieredStopAtLevel=1";

  private final Process process;
  private final StringBuffer partialStdout = new StringBuffer();
  private final CompletableFuture<String> stdout;
  private final CompletableFuture<String> stderr;

  private HtapodProcess(Process process) {
    this.process = process;
    this.stdout = drain(process.getInputStream());
    this.stderr = drain(process.getErrorStream());
  }

  /** The java command that runs htapod with {@code args}. */
  static List<String> commandLine(String... args) {
    return commandLine(List.of(), args);
  }

  /** The java command that runs htapod with {@code args}, and {@code jvm} options for the JVM. */
  static List<String> commandLine(List<String> jvm, String... args) {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    // Our assertions (which thread owns what) and Netty's (a channel is used on its loop only).
    command.add("-ea:dev.htapod...");
    command.add("-ea:io.netty.channel...");
    command.addAll(jvm);
    command.add("-jar");
    command.add(JAR.toAbsolutePath().toString());
    command.addAll(List.of(args));
    return command;
  }

  /**
   * The command that hands a run of htapod with {@code args} to a warm htapod process whose
   * socket is in {@code directory}, as scripts/htapod does (native/launch.c): the first one runs
   * cold and starts that process. The cold JVM compiles with C1 only, as scripts/htapod's does.
   */
  static List<String> warmCommandLine(Path directory, String... args) {
    List<String> cold = commandLine(List.of(C1_ONLY));
    List<String> command = new ArrayList<>();
    command.add(System.getProperty("htapod.launcher"));
    command.add(directory.toString());
    command.add(Integer.toString(cold.size()));
    command.addAll(cold);
    command.addAll(List.of(args));
    return command;
  }

  /** Starts htapod with {@code args}; stdin stays open until {@link #closeStdin}. */
  static HtapodProcess start(String... args) throws IOException {
    return start(new ProcessBuilder(commandLine(args)));
  }

  static HtapodProcess start(ProcessBuilder builder) throws IOException {
    return new HtapodProcess(builder.start());
  }

  /** Runs htapod with {@code args} and empty stdin, and waits for it. */
  static Result run(String... args) throws Exception {
    return run(new ProcessBuilder(commandLine(args)), "");
  }

  /**
   * Runs htapod with {@code options}, then {@code command} after "--", in {@code dir} with {@code
   * env} added to the environment and empty stdin, and waits for it.
   */
  static Result runIn(Path dir, Map<String, String> env, List<String> options, String... command) throws Exception {
    List<String> args = new ArrayList<>(options);
    args.add("--");
    args.addAll(List.of(command));
    return run(builder(env, dir, args.toArray(String[]::new)), "");
  }

  static Result run(ProcessBuilder builder, String stdin) throws Exception {
    HtapodProcess htapod = start(builder);
    htapod.process.getOutputStream().write(stdin.getBytes(StandardCharsets.UTF_8));
    htapod.closeStdin();
    return htapod.await();
  }

  long pid() {
    return process.pid();
  }

  void writeStdin(String text) throws IOException {
    process.getOutputStream().write(text.getBytes(StandardCharsets.UTF_8));
    process.getOutputStream().flush();
  }

  void closeStdin() throws IOException {
    process.getOutputStream().close();
  }

  /** What stdout has printed so far. */
  String stdoutSoFar() {
    return partialStdout.toString();
  }

  /** Waits until stdout has printed {@code text}. */
  void awaitStdout(String text) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(TIMEOUT_SECONDS);
    while (!partialStdout.toString().contains(text)) {
      assertThat(System.nanoTime()).as("waiting for %s on stdout", text).isLessThan(deadline);
      assertThat(process.isAlive()).as("htapod still running while waiting for %s", text).isTrue();
      Thread.sleep(20);
    }
  }

  Result await() throws Exception {
    boolean done = process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS);
    if (!done) {
      process.destroyForcibly();
    }
    assertThat(done).as("htapod finished within %d s", TIMEOUT_SECONDS).isTrue();
    Result result = new Result(process.exitValue(), stdout.get(), stderr.get());
    // An assertion that failed on one of htapod's threads is logged, not thrown at the test.
    assertThat(result.stderr()).as("htapod's own assertions").doesNotContain("AssertionError");
    return result;
  }

  private CompletableFuture<String> drain(InputStream in) {
    boolean isStdout = in == process.getInputStream();
    return CompletableFuture.supplyAsync(
        () -> {
          StringBuilder all = new StringBuilder();
          byte[] buffer = new byte[8192];
          try {
            int n;
            while ((n = in.read(buffer)) > 0) {
              String chunk = new String(buffer, 0, n, StandardCharsets.UTF_8);
              all.append(chunk);
              if (isStdout) {
                partialStdout.append(chunk);
              }
            }
          } catch (IOException e) {
            all.append("[read failed: ").append(e).append(']');
          }
          return all.toString();
        });
  }

  /** What a finished htapod run left: its status and output. */
  record Result(int status, String stdout, String stderr) {
    /** The process a report line ends with; {@link ProcessIT} checks it, other tests look past it. */
    private static final Pattern PROCESS = Pattern.compile(" by ([^ \\[]+\\[\\d+\\]|unknown)$");

    /** The lines of stderr, each without the process it names (" by curl[2]"). */
    List<String> stderrLines() {
      return withoutProcesses(stderr);
    }

    /** The lines of {@code report}, each without the process it names. */
    static List<String> withoutProcesses(String report) {
      return report.lines().map(line -> PROCESS.matcher(line).replaceFirst("")).toList();
    }
  }

  /** A ProcessBuilder for htapod with {@code args}, for tests that set the environment or cwd. */
  static ProcessBuilder builder(Map<String, String> env, Path dir, String... args) {
    ProcessBuilder builder = new ProcessBuilder(commandLine(args)).directory(dir.toFile());
    builder.environment().putAll(env);
    return builder;
  }
}
