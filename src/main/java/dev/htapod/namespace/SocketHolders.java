package dev.htapod.namespace;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Which process of the run holds a socket, by the socket's inode: the descriptors in {@code
 * /proc/PID/fd} of the init's descendants, found through {@code /proc/PID/task/TID/children} (the
 * init itself is htapod's, never the command's). Not thread-safe: one thread owns it and its
 * caches (see {@link SocketOwnerLookup}).
 *
 * <p>A program usually opens many sockets, so the process that held the last one is searched
 * first, and the descriptor that held it before all others: the kernel gives a new socket the
 * lowest free number, which is the last socket's when a client closes one before it opens the
 * next (one readlink then, not a listing). Then the tree, newest branch first and each process's descendants before it: the
 * latest process a script started (a deep leaf, most of the time) is the likeliest owner of a new
 * socket, and is reached without listing the rest. Every socket seen on the way is remembered
 * with its process and descriptor, so a socket asked about again, or one that existed when its
 * process was searched, costs one readlink to confirm. Processes come and go and pids are reused:
 * a remembered place counts only while that very descriptor still names that very socket.
 */
final class SocketHolders {
  /** Past this many remembered sockets (most of them closed by then) the memory starts afresh. */
  private static final int REMEMBERED = 16_384;

  private static final Path PROC = Path.of("/proc");

  private final int init;
  private final Map<Long, Place> seen = new HashMap<>();
  private int lastHolder;
  /** The descriptor of the last socket found, in {@link #lastHolder}. */
  private String lastFd;

  /** Where a socket was seen: a process (host pid) and a descriptor number. */
  private record Place(int pid, String fd) {}

  /** Searches the descendants of {@code init}, a host pid. */
  SocketHolders(int init) {
    this.init = init;
  }

  /**
   * The host pid of a process of the run that holds the socket {@code inode}, or 0 when none does
   * or the search passed {@code deadline} ({@link System#nanoTime}) first.
   */
  int find(long inode, long deadline) {
    Place place = seen.get(inode);
    if (place != null && socketAt(place.pid(), place.fd()) != inode) {
      seen.remove(inode);
      place = null;
    }
    if (place == null && lastFd != null && socketAt(lastHolder, lastFd) == inode) {
      place = new Place(lastHolder, lastFd);
      seen.put(inode, place);
    }
    if (place == null) {
      if (seen.size() > REMEMBERED) {
        seen.clear();
      }
      int holder = lastHolder != 0 && search(lastHolder, inode) ? lastHolder : searchBelow(init, inode, deadline);
      place = holder == 0 ? null : seen.get(inode);
    }
    if (place == null) {
      return 0;
    }
    lastHolder = place.pid();
    lastFd = place.fd();
    return lastHolder;
  }

  /**
   * Searches the descendants of {@code pid}, its newest child's first, each child after its own
   * descendants; the holder's pid, or 0.
   */
  private int searchBelow(int pid, long inode, long deadline) {
    if (System.nanoTime() - deadline > 0) {
      return 0;
    }
    List<Integer> children = childrenOf(pid);
    for (int i = children.size() - 1; i >= 0; i--) {
      int child = children.get(i);
      int holder = searchBelow(child, inode, deadline);
      if (holder != 0) {
        return holder;
      }
      if (child != lastHolder && search(child, inode)) {
        return child;
      }
    }
    return 0;
  }

  /** Remembers every socket {@code pid} holds; whether {@code inode} is one of them. */
  private boolean search(int pid, long inode) {
    boolean found = false;
    try (DirectoryStream<Path> fds = Files.newDirectoryStream(PROC.resolve(pid + "/fd"))) {
      for (Path fd : fds) {
        String name = fd.getFileName().toString();
        long socket = socketAt(pid, name);
        if (socket != 0) {
          seen.put(socket, new Place(pid, name));
          found |= socket == inode;
        }
      }
    } catch (IOException gone) {
      // the process exited (or is not ours to read): it holds nothing we can name
    }
    return found;
  }

  /** The inode of the socket that descriptor {@code fd} of {@code pid} names, or 0. */
  private static long socketAt(int pid, String fd) {
    try {
      String target = Files.readSymbolicLink(PROC.resolve(pid + "/fd/" + fd)).toString();
      return target.startsWith("socket:[") && target.endsWith("]")
          ? Long.parseLong(target, "socket:[".length(), target.length() - 1, 10)
          : 0;
    } catch (IOException | NumberFormatException closed) {
      return 0;
    }
  }

  /**
   * The children of every thread of {@code pid}, oldest first (each thread has its own list of
   * what it forked, in order).
   */
  private static List<Integer> childrenOf(int pid) {
    List<Integer> children = new ArrayList<>();
    try (DirectoryStream<Path> threads = Files.newDirectoryStream(PROC.resolve(pid + "/task"))) {
      for (Path thread : threads) {
        for (String child : Files.readString(thread.resolve("children")).split(" ")) {
          if (!child.isBlank()) {
            children.add(Integer.parseInt(child.strip()));
          }
        }
      }
    } catch (IOException gone) {
      // exited meanwhile: its children, if any, are the init's now, found by the next search
    }
    return children;
  }
}
