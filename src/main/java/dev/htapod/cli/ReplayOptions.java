package dev.htapod.cli;

import dev.htapod.api.Htapod;
import dev.htapod.api.ReplayMiss;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/** The options of a replay: {@code --replay FILE} and how requests are matched to it. */
final class ReplayOptions {
  @Option(
      names = "--replay",
      paramLabel = "FILE",
      description = "Answer the command's HTTP and HTTPS from the recording FILE (a HAR with response bodies,"
          + " as --record writes); no connection leaves the run.")
  Path replay;

  @Option(
      names = "--replay-miss",
      paramLabel = "fail|pass",
      description = "A request not in the recording: fail (default) answers 502 (other connections are refused)"
          + " with an ERR line, and exit status 121 when the command succeeded; pass sends it to the network (and --record records it).")
  String miss = "fail";

  @Option(
      names = "--replay-ignore-param",
      paramLabel = "NAME",
      description = "Leave query parameter NAME out when matching requests to the recording (repeatable).")
  List<String> ignoredParams = new ArrayList<>();

  @Option(
      names = "--replay-ignore-header",
      paramLabel = "NAME",
      description = "Never compare request header NAME (those a recorded Vary names are compared) (repeatable).")
  List<String> ignoredHeaders = new ArrayList<>();

  @Option(
      names = "--replay-ignore-body",
      description = "Leave request bodies out when matching requests to the recording.")
  boolean ignoreBodies;

  /** Applies these options to {@code tap}; a --replay-miss other than fail or pass is a usage error. */
  void applyTo(Htapod.Builder tap) {
    if (replay == null) {
      return;
    }
    tap.replay(replay);
    tap.replayMiss(switch (miss) {
      case "fail" -> ReplayMiss.FAIL;
      case "pass" -> ReplayMiss.PASS;
      default -> throw new picocli.CommandLine.TypeConversionException(
          "--replay-miss must be fail or pass, not '" + miss + "'");
    });
    ignoredParams.forEach(tap::replayIgnoreParam);
    ignoredHeaders.forEach(tap::replayIgnoreHeader);
    tap.replayIgnoreBodies(ignoreBodies);
  }
}
