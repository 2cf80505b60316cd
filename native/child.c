/*
 * The namespace's init process (PID 1 of the new PID namespace).
 *
 * Why a PID namespace with our own init: when the init exits, the kernel kills
 * every process left in the namespace, so commands that daemonise or leave
 * children holding connections can never outlive htapod (a subreaper would only
 * reparent them). The command cannot be PID 1 itself: PID 1 ignores signals it
 * has no handler for, so `sh -c 'kill -TERM $$'` would survive.
 *
 * Runs in a copy of the JVM's address space with a single thread: raw system
 * calls only, everything it needs was prepared in the spawn_plan.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <linux/netlink.h>
#include <sched.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "fdpass.h"
#include "htapod.h"

#ifndef CLOSE_RANGE_CLOEXEC
#define CLOSE_RANGE_CLOEXEC (1U << 2)
#endif

/* Sends one step report, with fd attached when fd >= 0; 0 or an errno. */
static int report(int control, int step, int error, int fd) {
  struct step_report payload = {.step = step, .error = error};
  struct iovec iov = {.iov_base = &payload, .iov_len = sizeof payload};
  ssize_t sent = fdpass_send(control, &iov, 1, &fd, fd >= 0 ? 1 : 0);
  return sent < 0 ? (int)-sent : 0;
}

/* Reports a failed step and ends the child. */
static void fail(int control, int step, int error) __attribute__((noreturn));
static void fail(int control, int step, int error) {
  report(control, step, error, -1);
  _exit(125);
}

/* Writes a whole string to a file; 0 or an errno. */
static int write_file(const char *path, const char *text) {
  int fd = open(path, O_WRONLY | O_CLOEXEC);
  if (fd < 0) return errno;
  size_t len = strlen(text);
  int err = write(fd, text, len) == (ssize_t)len ? 0 : errno;
  close(fd);
  return err;
}

/* Maps only the caller's own uid and gid; setgroups must be denied before gid_map. */
static int map_ids(const struct spawn_plan *plan) {
  int err = write_file("/proc/self/setgroups", "deny");
  if (err == 0) err = write_file("/proc/self/uid_map", plan->uid_map);
  if (err == 0) err = write_file("/proc/self/gid_map", plan->gid_map);
  return err;
}

/* Closes every fd of the JVM but stdio and the control socket. */
static void close_inherited_fds(int keep) {
  if (keep > 3) syscall(SYS_close_range, 3, keep - 1, 0);
  if (syscall(SYS_close_range, keep + 1, ~0U, 0) == 0) return;
  for (int fd = 3; fd < 65536; fd++) {
    if (fd != keep) close(fd);
  }
}

/* In the command's process: clean signal state, then execve each PATH candidate. */
static void exec_command(const struct spawn_plan *plan) __attribute__((noreturn));
static void exec_command(const struct spawn_plan *plan) {
  signals_reset_all();
  sigset_t none;
  sigemptyset(&none);
  sigprocmask(SIG_SETMASK, &none, NULL);
  int error = ENOENT;
  int denied = 0;
  for (char **path = plan->candidates; *path != NULL; path++) {
    execve(*path, plan->argv, plan->envp);
    error = errno;
    if (error == EACCES) {
      denied = 1;
    } else if (error != ENOENT && error != ENOTDIR) {
      break;
    }
  }
  if (denied && (error == ENOENT || error == ENOTDIR)) error = EACCES;
  report(plan->control_fd, STEP_EXEC, error, -1);
  _exit(error == ENOENT || error == ENOTDIR ? 127 : 126);
}

/* Maps a wait status the way shells do: the exit code, or 128 + the signal. */
static int shell_status(int status) {
  if (WIFEXITED(status)) return WEXITSTATUS(status);
  if (WIFSIGNALED(status)) return 128 + WTERMSIG(status);
  return 125;
}

/* Starts the command and reaps every process of the namespace until it exits. */
static void run_command(const struct spawn_plan *plan) __attribute__((noreturn));
static void run_command(const struct spawn_plan *plan) {
  pid_t command = (pid_t)syscall(SYS_clone, SIGCHLD, NULL, NULL, NULL, 0);
  if (command < 0) fail(plan->control_fd, STEP_FORK, errno);
  if (command == 0) exec_command(plan);

  signals_forward_to(command);
  sigset_t none;
  sigemptyset(&none);
  sigprocmask(SIG_SETMASK, &none, NULL);
  for (;;) {
    int status;
    pid_t pid = waitpid(-1, &status, __WALL);
    if (pid == command) _exit(shell_status(status));
    if (pid < 0 && errno == ECHILD) _exit(125);
  }
}

/* Waits for htapod's word to go on; ends the child when htapod went away. */
static void await_htapod(int control) {
  char go;
  ssize_t n;
  do {
    n = read(control, &go, 1);
  } while (n < 0 && errno == EINTR);
  if (n != 1) _exit(125);
}

void child_main(const struct spawn_plan *plan) {
  int control = plan->control_fd;
  signals_reset_all();
  /* The init dies with the thread that forked it (htapod's, which waits for the command),
   * and the namespace with it. Should htapod die before this line, the next read or
   * write on the control socket ends the init. */
  prctl(PR_SET_PDEATHSIG, SIGKILL);
  close_inherited_fds(control);

  int err = map_ids(plan);
  if (err != 0) fail(control, STEP_USER_MAP, err);
  if (mount(NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL) < 0) fail(control, STEP_MOUNTS, errno);
  /* htapod's files (resolv.conf, trust stores) over the system's, seen by the command only:
   * written by htapod into a tmpfs of this namespace, then bind mounts of files and overlays
   * that add files to directories. */
  int store = -1;
  err = files_make_store(&store);
  if (err != 0) fail(control, STEP_STORE, err);
  err = report(control, STEP_STORE, 0, store);
  if (err != 0) fail(control, STEP_HANDOFF, err);
  await_htapod(control);
  err = files_show(store, plan->mounts);
  if (err != 0) fail(control, STEP_BIND, err);
  /* A proc of our own PID namespace, so `ps` inside lists the run's processes
   * only; best effort, as a locked-down /proc may refuse a fresh mount. */
  mount("proc", "/proc", "proc", MS_NOSUID | MS_NODEV | MS_NOEXEC, NULL);

  /* A new network namespace allows nobody unprivileged ping sockets ("1 0"); the command's
   * own group may (best effort: ping is a convenience). */
  write_file("/proc/sys/net/ipv4/ping_group_range", plan->ping_group);
  err = netconf_loopback_up();
  if (err != 0) fail(control, STEP_LOOPBACK, err);
  int tun_fd = -1;
  int step = STEP_TUN_OPEN;
  err = netconf_create_tun(&plan->net, &tun_fd, &step);
  if (err != 0) fail(control, step, err);

  /* htapod asks this namespace's kernel which socket the command used (sock_diag): a netlink
   * socket stays in the network namespace it was made in, and htapod cannot enter this one.
   * Without it the run goes on, unable to name processes. */
  int diag_fd = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_SOCK_DIAG);
  int diag_error = diag_fd < 0 ? errno : 0;
  err = report(control, STEP_SOCKETS, diag_error, diag_fd);
  if (err != 0) fail(control, STEP_HANDOFF, err);
  if (diag_fd >= 0) close(diag_fd);

  err = report(control, STEP_READY, 0, tun_fd);
  if (err != 0) fail(control, STEP_HANDOFF, err);
  close(tun_fd);

  await_htapod(control); /* htapod went away before the command started: exit */
  run_command(plan);
}
