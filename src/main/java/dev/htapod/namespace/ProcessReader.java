package dev.htapod.namespace;

import dev.htapod.api.ProcessInfo;
import dev.htapod.api.ProcessInfo.Ancestor;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads a process of the run from the host's /proc as {@code ps} inside the run would show it:
 * its pid in the run's PID namespace, name, program, arguments and parents up to the command (the
 * init's child; the init is htapod's and never listed). Not thread-safe: the lookup's lock guards
 * it and its caches (see {@link SocketOwnerLookup}).
 *
 * <p>Names and parents come from {@code /proc/PID/stat}, a third of the cost of {@code status}
 * (which adds up the memory), and are read afresh each time. The pid in the run needs {@code
 * status}: it is remembered per process, a host pid and its start time, since it never changes
 * while the process lives. The program and arguments are remembered per exec: execve changes them
 * under the same pid and start time, but it also places the arguments anew, at addresses {@code
 * stat} gives (a new stack, randomized). Reading {@code cmdline} takes the process's memory-map
 * lock, which a process that maps memory can hold for long: a process read before can be read
 * again without it ({@link #readRemembered}), so on a loop that must not wait. What is remembered
 * is the arguments as first read after the exec: a process that rewrites its own (a title) keeps
 * those, and with address randomization off, a process that execs the same program again with
 * arguments and environment of the same lengths keeps the first ones.
 */
final class ProcessReader {
  private static final Path PROC = Path.of("/proc");
  /** Deeper chains than this are a loop in what we read as processes came and went. */
  private static final int MAX_DEPTH = 1024;
  /** Past this many remembered processes (most of them gone by then) the memory starts afresh. */
  private static final int REMEMBERED = 4096;

  private final int init;
  /** Which NSpid entry is the pid in the run: the init's last, as the run's PID namespace is its. */
  private final int runLevel;
  private final Map<ProcessKey, Integer> runPids = new HashMap<>();
  private final Map<Exec, Program> programs = new HashMap<>();

  /** Reads descendants of {@code init}, a host pid that is still there. */
  ProcessReader(int init) {
    this.init = init;
    int level;
    try {
      level = namespacePids(init).length - 1;
    } catch (IOException gone) {
      level = 0; // nothing is left to read anyway
    }
    this.runLevel = level;
  }

  /**
   * The process {@code pid} (a host pid), or null when it or a parent has gone meanwhile, or it is
   * not a descendant of the init (its pid was reused by a process outside the run).
   */
  ProcessInfo read(int pid) {
    return read(pid, true);
  }

  /**
   * As {@link #read}, or null as well when the process's program and arguments are not remembered
   * from an earlier read of this exec of it; reads nothing that can wait for a lock.
   */
  ProcessInfo readRemembered(int pid) {
    return read(pid, false);
  }

  private ProcessInfo read(int pid, boolean mayWait) {
    try {
      Stat process = Stat.read(pid);
      Program program = programs.get(process.exec());
      if (program == null) {
        if (!mayWait) {
          return null;
        }
        program = new Program(exe(pid), argv(pid));
        remember(process, program);
      }
      List<Ancestor> parents = new ArrayList<>();
      for (Stat child = process; child.parent() != init; ) {
        if (child.parent() == 0 || parents.size() == MAX_DEPTH) {
          return null;
        }
        Stat parent = Stat.read(child.parent());
        parents.add(new Ancestor(runPid(parent), parent.name()));
        child = parent;
      }
      return new ProcessInfo(runPid(process), process.name(), program.exe(), program.argv(), parents);
    } catch (IOException gone) {
      return null;
    }
  }

  /**
   * Remembers {@code program}, read after {@code process}'s stat, for that exec of it: if the stat
   * still says so, the exec came before both reads.
   */
  private void remember(Stat process, Program program) throws IOException {
    if (process.exec() == null || !process.exec().equals(Stat.read(process.pid()).exec())) {
      return;
    }
    if (programs.size() > REMEMBERED) {
      programs.clear();
    }
    programs.put(process.exec(), program);
  }

  /** The process's pid in the run, as its NSpid line says. */
  private int runPid(Stat process) throws IOException {
    ProcessKey key = new ProcessKey(process.pid(), process.startTime());
    Integer known = runPids.get(key);
    if (known != null) {
      return known;
    }
    if (runPids.size() > REMEMBERED) {
      runPids.clear();
    }
    int[] pids = namespacePids(process.pid());
    int runPid = pids[Math.min(runLevel, pids.length - 1)];
    runPids.put(key, runPid);
    return runPid;
  }

  /** The pids of the process in each PID namespace it is in, the host's first. */
  private static int[] namespacePids(int pid) throws IOException {
    String status = new String(Files.readAllBytes(PROC.resolve(pid + "/status")), StandardCharsets.UTF_8);
    int start = status.indexOf("\nNSpid:");
    if (start < 0) {
      return new int[] {pid}; // a kernel older than 4.1: no PID namespaces to tell apart
    }
    int end = status.indexOf('\n', start + 1);
    String[] fields = status.substring(start + "\nNSpid:".length(), end).strip().split("\\s+");
    int[] pids = new int[fields.length];
    for (int i = 0; i < fields.length; i++) {
      pids[i] = Integer.parseInt(fields[i]);
    }
    return pids;
  }

  private static String exe(int pid) {
    try {
      return Files.readSymbolicLink(PROC.resolve(pid + "/exe")).toString();
    } catch (IOException unreadable) {
      return null;
    }
  }

  /** The NUL-separated arguments; none for a process that has none left (a zombie) or has gone. */
  private static List<String> argv(int pid) {
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(PROC.resolve(pid + "/cmdline"));
    } catch (IOException gone) {
      return List.of();
    }
    List<String> argv = new ArrayList<>();
    int start = 0;
    for (int i = 0; i <= bytes.length; i++) {
      if (i == bytes.length ? i > start : bytes[i] == 0) {
        argv.add(new String(bytes, start, i - start, StandardCharsets.UTF_8));
        start = i + 1;
      }
    }
    return argv;
  }

  /** A process: its host pid and start time (a pid is reused only by a later process). */
  private record ProcessKey(int pid, long startTime) {}

  /** One exec of a process: the process, its name, and where the exec put its arguments. */
  private record Exec(int pid, long startTime, String name, long argStart, long argEnd) {}

  /** What an exec runs: the program (null when unreadable) and its arguments. */
  private record Program(String exe, List<String> argv) {}

  /**
   * What {@code /proc/PID/stat} says of a process: its name (comm), parent, start time and, when
   * the kernel shows them (Linux 3.5 on, to a reader that may trace the process), the addresses
   * of its arguments.
   */
  private record Stat(int pid, String name, int parent, long startTime, long argStart, long argEnd) {
    static Stat read(int pid) throws IOException {
      String stat = new String(Files.readAllBytes(PROC.resolve(pid + "/stat")), StandardCharsets.UTF_8);
      // "PID (COMM) STATE PPID ... STARTTIME ... ARG_START ARG_END ...": the name may hold spaces
      // and parentheses; fields[i] is field i + 3 of proc(5).
      int open = stat.indexOf('(');
      int close = stat.lastIndexOf(')');
      String[] fields = stat.substring(close + 2).strip().split(" ");
      boolean arguments = fields.length > 46;
      return new Stat(pid, stat.substring(open + 1, close), Integer.parseInt(fields[1]), Long.parseLong(fields[19]),
          arguments ? Long.parseLong(fields[45]) : 0, arguments ? Long.parseLong(fields[46]) : 0);
    }

    /** This exec of the process, or null when the kernel hides where its arguments are. */
    Exec exec() {
      return argStart == 0 ? null : new Exec(pid, startTime, name, argStart, argEnd);
    }
  }
}
