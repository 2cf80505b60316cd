/*
 * htapod-launch: hands a run to the user's warm htapod process, or runs htapod cold.
 *
 *   htapod-launch DIRECTORY COUNT JAVA-COMMAND... [HTAPOD-ARGUMENTS...]
 *
 * JAVA-COMMAND is the COUNT words that run htapod cold (java, its options, -jar, the jar).
 * A warm process of that command (socket_of names its socket in DIRECTORY) gets the arguments, the
 * environment and the working directory (frames.h); it parses them, prepares the run and sends back
 * the spawn plan. The namespaces' init is cloned here, so the command stays in this process's
 * session, process group and terminal, under its limits and cgroup, as with a cold run; the warm
 * process gets the init's control socket and runs the network stack and the reports, writing report
 * lines to our stdout and stderr. Signals to us go to the command, as a cold htapod forwards them.
 *
 * With no warm process (or a busy one) the run is cold: the JAVA-COMMAND is executed, and a
 * warm process is started beside it for the next runs, unless HTAPOD_WARM=0 (then none is
 * used either). DIRECTORY is made here when missing, and must be ours alone (mode 0700), and
 * the process behind the socket must be us (SO_PEERCRED); otherwise, cold.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <unistd.h>

#include "frames.h"
#include "htapod.h"

#define EXIT_HTAPOD 125

extern char **environ;

static char **cold_command;
static int cold_count;
static char **arguments;

/* Runs htapod cold, with the arguments given; never returns. */
static void run_cold(void) __attribute__((noreturn));
static void run_cold(void) {
  int count = 0;
  while (arguments[count] != NULL) count++;
  char **argv = calloc((size_t)(cold_count + count + 1), sizeof(char *));
  if (argv == NULL) {
    fputs("htapod: out of memory\n", stderr);
    exit(EXIT_HTAPOD);
  }
  memcpy(argv, cold_command, sizeof(char *) * (size_t)cold_count);
  memcpy(argv + cold_count, arguments, sizeof(char *) * (size_t)count);
  execvp(argv[0], argv);
  fprintf(stderr, "htapod: cannot run %s: %s\n", argv[0], strerror(errno));
  exit(EXIT_HTAPOD);
}

/* Whether the directory is ours alone, made here when missing. */
static int private_directory(const char *dir) {
  if (mkdir(dir, 0700) < 0 && errno != EEXIST) return 0;
  struct stat st;
  return lstat(dir, &st) == 0 && S_ISDIR(st.st_mode) && st.st_uid == getuid() && (st.st_mode & 077) == 0;
}

static uint64_t fnv1a(uint64_t hash, const void *bytes, size_t length) {
  for (size_t i = 0; i < length; i++) hash = (hash ^ ((const uint8_t *)bytes)[i]) * 1099511628211ULL;
  return hash;
}

/*
 * The namespaces a warm process must share with us: it relays in its network namespace, opens
 * files in its mount namespace, and finds the command's processes in its PID and user
 * namespaces. A unix socket's path reaches across them all (a launcher under "ip netns exec"
 * was served by a warm process in the host's network, which dialed there).
 */
static const char *const SHARED_NAMESPACES[] = {"net", "mnt", "pid", "user"};

/*
 * The socket of the warm process for the cold command, in dir: into path; 0 or -1. One per
 * command (the JVM and its options, HTAPOD_JAVA_OPTIONS's too) and set of SHARED_NAMESPACES (a
 * hash of the words and the namespaces' inodes), build of the jar (its modification time and
 * size) and group (the files a run makes get the warm process's group).
 */
static int socket_of(const char *dir, char *path, size_t size) {
  uint64_t hash = 14695981039346656037ULL;
  for (int i = 0; i < cold_count; i++) hash = fnv1a(hash, cold_command[i], strlen(cold_command[i]) + 1);
  for (size_t i = 0; i < sizeof SHARED_NAMESPACES / sizeof SHARED_NAMESPACES[0]; i++) {
    char ns[32];
    struct stat st;
    snprintf(ns, sizeof ns, "/proc/self/ns/%s", SHARED_NAMESPACES[i]);
    if (stat(ns, &st) != 0) return -1;
    hash = fnv1a(hash, &st.st_ino, sizeof st.st_ino);
  }
  for (int i = 0; i + 1 < cold_count; i++) {
    struct stat jar;
    if (strcmp(cold_command[i], "-jar") == 0 && stat(cold_command[i + 1], &jar) == 0) {
      int n = snprintf(path, size, "%s/warm-%016llx-%llx-%llx-%u.sock", dir, (unsigned long long)hash,
          (unsigned long long)jar.st_mtim.tv_sec * 1000000000ULL + (unsigned long long)jar.st_mtim.tv_nsec,
          (unsigned long long)jar.st_size, (unsigned)getgid());
      return n > 0 && (size_t)n < size ? 0 : -1;
    }
  }
  return -1;
}

/* A connection to the warm process, checked to be ours, or -1. */
static int connect_warm(const char *socket_path) {
  struct sockaddr_un address = {.sun_family = AF_UNIX};
  if (strlen(socket_path) >= sizeof address.sun_path) return -1;
  strcpy(address.sun_path, socket_path);
  int fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd < 0) return -1;
  struct ucred peer;
  socklen_t size = sizeof peer;
  if (connect(fd, (struct sockaddr *)&address, sizeof address) < 0
      || getsockopt(fd, SOL_SOCKET, SO_PEERCRED, &peer, &size) < 0 || peer.uid != getuid()) {
    close(fd);
    return -1;
  }
  return fd;
}

/*
 * A cold run's JVM compiles with C1 only: C2's compiling on 2 cores cost the command more than its
 * code saved in a run's first seconds. A warm process compiles once for many runs, and C2's code
 * ran its loop 15-25 % (ab -c 1) to 35-40 % (ab -c 16) faster: it goes without this option.
 */
static const char COLD_ONLY[] = "-XX:TieredStopAtLevel=1";

/*
 * Starts a warm process for the next runs, detached from this one (its own session, no
 * terminal, stdio on /dev/null, in /): the cold command without COLD_ONLY, its "-jar JAR" made
 * "-cp JAR" and the warm process's class, with the socket.
 */
static void start_warm(const char *socket_path) {
  pid_t child = fork();
  if (child != 0) {
    if (child > 0) waitpid(child, NULL, 0);
    return;
  }
  if (setsid() < 0 || fork() != 0) _exit(0);
  int null = open("/dev/null", O_RDWR);
  if (null < 0 || chdir("/") < 0) _exit(0);
  dup2(null, 0);
  dup2(null, 1);
  dup2(null, 2);
  char **argv = calloc((size_t)cold_count + 3, sizeof(char *));
  if (argv == NULL) _exit(0);
  int jar = 0, count = 0;
  for (int i = 0; i < cold_count; i++) {
    if (strcmp(cold_command[i], COLD_ONLY) == 0) continue;
    jar |= strcmp(cold_command[i], "-jar") == 0;
    argv[count++] = strcmp(cold_command[i], "-jar") == 0 ? "-cp" : cold_command[i];
  }
  if (!jar) _exit(0);
  argv[count] = "dev.htapod.launcher.WarmServer";
  argv[count + 1] = (char *)socket_path;
  execvp(argv[0], argv);
  _exit(0);
}

static int send_run(int warm) {
  struct writer w = {0};
  writer_strings(&w, arguments);
  writer_strings(&w, environ);
  char *cwd = getcwd(NULL, 0);
  writer_string(&w, cwd == NULL ? "" : cwd);
  free(cwd);
  uint8_t ttys = (uint8_t)((isatty(1) ? 1 : 0) | (isatty(2) ? 2 : 0));
  writer_bytes(&w, &ttys, 1);
  mode_t mask = umask(0);
  umask(mask);
  writer_u32(&w, (uint32_t)mask);
  int fds[2] = {1, 2};
  int error = w.failed ? ENOMEM : frame_send(warm, FRAME_RUN, w.bytes, (uint32_t)w.length, fds, 2);
  free(w.bytes);
  return error;
}

/* The plan the warm process sent: as the JNI side builds it from Java's arrays (spawn.c). */
static int read_plan(const struct frame *f, struct spawn_plan *plan) {
  struct reader r = {.bytes = f->payload, .length = f->length};
  memset(plan, 0, sizeof *plan);
  plan_identity(plan);
  plan->candidates = reader_strings(&r);
  plan->argv = reader_strings(&r);
  char **overrides = reader_strings(&r);
  plan->mounts = reader_strings(&r);
  char *ifname = reader_string(&r);
  struct net_plan *net = &plan->net;
  net->mtu = (int)reader_u32(&r);
  net->txqueuelen = (int)reader_u32(&r);
  net->prefix4 = (int)reader_u32(&r);
  net->prefix6 = (int)reader_u32(&r);
  reader_bytes(&r, net->addr4, 4);
  reader_bytes(&r, net->gateway4, 4);
  uint8_t ipv6 = 0;
  reader_bytes(&r, &ipv6, 1);
  net->ipv6 = ipv6;
  reader_bytes(&r, net->addr6, 16);
  reader_bytes(&r, net->gateway6, 16);
  int ok = !r.failed && ifname != NULL && strlen(ifname) > 0 && strlen(ifname) < IFNAMSIZ;
  if (ok) strcpy(net->ifname, ifname);
  free(ifname);
  plan->envp = ok && overrides != NULL ? plan_environment(overrides) : NULL;
  plan_free_strings(overrides);
  return ok && plan->envp != NULL ? 0 : EPROTO;
}

static void free_plan(struct spawn_plan *plan) {
  plan_free_strings(plan->candidates);
  plan_free_strings(plan->argv);
  plan_free_strings(plan->mounts);
  plan_free_strings(plan->envp);
}

/* Clones the init as planned and hands its control socket over; its pid, or -errno. */
static int spawn(int warm, const struct frame *f) {
  struct spawn_plan plan;
  int pair[2] = {-1, -1};
  int result = read_plan(f, &plan) != 0 ? -EPROTO : 0;
  if (result == 0 && socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0, pair) < 0) result = -errno;
  if (result == 0) {
    plan.control_fd = pair[1];
    result = plan_clone(&plan);
    close(pair[1]);
  }
  free_plan(&plan);
  struct writer w = {0};
  writer_u32(&w, (uint32_t)result);
  int sent = frame_send(warm, FRAME_SPAWNED, w.bytes, (uint32_t)w.length, pair, result > 0 ? 1 : 0);
  free(w.bytes);
  if (pair[0] >= 0) close(pair[0]);
  return sent != 0 && result > 0 ? -sent : result;
}

/*
 * Whether the warm process answers the run within ANSWER_MS: it takes ~1 ms; one that does not
 * (stopped, swapped out, wedged) is left for a cold run, which takes ~0.4 s.
 */
#define ANSWER_MS 5000
static int answers(int warm) {
  struct pollfd ready = {.fd = warm, .events = POLLIN};
  int n;
  do {
    n = poll(&ready, 1, ANSWER_MS);
  } while (n < 0 && errno == EINTR);
  return n > 0;
}

/* Ends the command when the warm process went away during the run. */
static void lost(pid_t init) __attribute__((noreturn));
static void lost(pid_t init) {
  if (init > 0) {
    kill(init, SIGKILL);
    waitpid(init, NULL, __WALL);
  }
  fputs("htapod: the warm htapod process ended during the run; the command was stopped\n", stderr);
  exit(EXIT_HTAPOD);
}

/* Waits for the init to exit, or for the warm process to go away meanwhile; the wait status. */
static int await_init(int warm, pid_t init) {
  int pidfd = (int)syscall(SYS_pidfd_open, init, 0);
  while (pidfd >= 0) {
    struct pollfd fds[2] = {{.fd = pidfd, .events = POLLIN}, {.fd = warm, .events = POLLIN}};
    if (poll(fds, 2, -1) < 0) {
      if (errno == EINTR) continue;
      break;
    }
    if (fds[0].revents) break;
    if (fds[1].revents) {
      char byte;
      if (recv(warm, &byte, 1, MSG_PEEK | MSG_DONTWAIT) <= 0) lost(init);
      break; /* a frame before the exit: the warm process gave up on the run; wait as below */
    }
  }
  if (pidfd >= 0) close(pidfd);
  int status;
  while (waitpid(init, &status, __WALL) < 0) {
    if (errno != EINTR) return 0;
  }
  signals_forget(init);
  return status;
}

int main(int argc, char **argv) {
  if (argc < 4 || atoi(argv[2]) < 1 || atoi(argv[2]) > argc - 3) {
    fputs("usage: htapod-launch DIRECTORY COUNT JAVA-COMMAND... [HTAPOD-ARGUMENTS...]\n", stderr);
    return EXIT_HTAPOD;
  }
  cold_count = atoi(argv[2]);
  cold_command = argv + 3;
  arguments = argv + 3 + cold_count;
  const char *choice = getenv("HTAPOD_WARM");
  char socket_path[sizeof(((struct sockaddr_un *)0)->sun_path)];
  if ((choice != NULL && (strcmp(choice, "0") == 0 || strcmp(choice, "off") == 0)) || !private_directory(argv[1])
      || socket_of(argv[1], socket_path, sizeof socket_path) != 0) {
    run_cold();
  }
  int warm = connect_warm(socket_path);
  if (warm < 0) {
    start_warm(socket_path);
    run_cold();
  }
  if (send_run(warm) != 0 || !answers(warm)) {
    close(warm);
    run_cold();
  }
  pid_t init = 0;
  for (int frames = 0;; frames++) {
    struct frame f;
    int got = frame_receive(warm, &f);
    if (got <= 0) {
      if (frames == 0) {
        close(warm); /* it went away before it did anything for this run */
        run_cold();
      }
      if (init == 0) {
        fputs("htapod: the warm htapod process ended before the command started\n", stderr);
        return EXIT_HTAPOD;
      }
      lost(init);
    }
    switch (f.type) {
      case FRAME_BUSY:
        frame_free(&f);
        close(warm);
        run_cold();
      case FRAME_END: {
        struct reader r = {.bytes = f.payload, .length = f.length};
        int status = (int)reader_u32(&r);
        frame_free(&f);
        return r.failed ? EXIT_HTAPOD : status;
      }
      case FRAME_SPAWN: {
        int pid = spawn(warm, &f);
        frame_free(&f);
        if (pid > 0) {
          init = pid;
          signals_forward_to(init);
          struct writer w = {0};
          writer_u32(&w, (uint32_t)await_init(warm, init));
          if (frame_send(warm, FRAME_EXITED, w.bytes, (uint32_t)w.length, NULL, 0) != 0) lost(0);
          free(w.bytes);
        }
        break;
      }
      default:
        frame_free(&f);
        fputs("htapod: the warm htapod process sent what this launcher does not know\n", stderr);
        if (init > 0) lost(init);
        return EXIT_HTAPOD;
    }
  }
}
