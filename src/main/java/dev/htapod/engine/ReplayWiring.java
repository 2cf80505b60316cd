package dev.htapod.engine;

import dev.htapod.api.Htapod;
import dev.htapod.replay.Replayer;
import java.lang.System.Logger.Level;
import java.net.InetAddress;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** What a replay changes in a run besides its connections: the names DNS answers, and the exit status. */
final class ReplayWiring {
  private static final System.Logger LOG = System.getLogger("htapod");

  private ReplayWiring() {}

  /**
   * The names the built-in resolver answers itself: --resolve's, and each recorded name with the
   * host's loopback (given to the command as the gateway, whose connections the replay answers).
   */
  static Map<String, List<InetAddress>> names(Map<String, List<InetAddress>> resolve, Replayer replayer) {
    if (replayer == null) {
      return resolve;
    }
    Map<String, List<InetAddress>> names = new LinkedHashMap<>(resolve);
    for (String name : replayer.names()) {
      names.putIfAbsent(name, List.of(InetAddress.getLoopbackAddress()));
    }
    return names;
  }

  /**
   * A successful command's status becomes {@link Htapod#REPLAY_MISS_STATUS} when a request was
   * answered 502 or a flow refused: a command that copes with a refusal still tried to reach
   * something the recording does not hold.
   */
  static int status(int status, Replayer replayer) {
    if (replayer == null || status != 0 || replayer.failedRequests() + replayer.refusedFlows() == 0) {
      return status;
    }
    LOG.log(Level.WARNING, "{0} request(s) not in the recording were answered 502 and {1} connection(s) refused"
        + " (see the ERR lines): exit status {2}", replayer.failedRequests(), replayer.refusedFlows(),
        Htapod.REPLAY_MISS_STATUS);
    return Htapod.REPLAY_MISS_STATUS;
  }
}
