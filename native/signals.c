/*
 * Signal handling on both sides of the fork.
 *
 * A signal that the terminal sends (Ctrl-C, Ctrl-\) goes to the whole
 * foreground process group, which holds htapod, the namespace's init and the
 * command alike: it must reach the command once, so only signals sent by a
 * process (si_code <= 0: kill, sigqueue, tgkill) are forwarded. The JVM
 * forwards to the init, the init to the command.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <signal.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "htapod.h"

/* The kernel's sigaction layout, for the raw rt_sigaction syscall. */
struct kernel_sigaction {
  void (*handler)(int);
  unsigned long flags;
  void (*restorer)(void);
  uint64_t mask;
};

static const int forwarded[] = {SIGINT, SIGTERM, SIGHUP, SIGQUIT};

static volatile pid_t forward_target;
static struct sigaction previous[sizeof forwarded / sizeof forwarded[0]];
static int installed;

/* Resets every signal 1..64 to its default action. The raw syscall is used
 * because glibc refuses to touch 32 and 33, which the JVM may have set, and an
 * ignored signal survives exec. */
void signals_reset_all(void) {
  struct kernel_sigaction dfl = {.handler = SIG_DFL};
  for (int sig = 1; sig <= 64; sig++) {
    if (sig != SIGKILL && sig != SIGSTOP) {
      syscall(SYS_rt_sigaction, sig, &dfl, NULL, sizeof(uint64_t));
    }
  }
}

/* Blocks all signals in the calling thread, saving the old mask; 0 or an errno. */
int signals_block_all(sigset_t *saved) {
  sigset_t all;
  sigfillset(&all);
  return pthread_sigmask(SIG_SETMASK, &all, saved);
}

/* Relays a process-sent signal to the current target; async-signal-safe. */
static void forward(int sig, siginfo_t *info, void *context) {
  (void)context;
  int saved_errno = errno;
  pid_t target = forward_target;
  if (target > 0 && info->si_code <= 0) {
    kill(target, sig);
  }
  errno = saved_errno;
}

/*
 * Makes SIGINT, SIGTERM, SIGHUP and SIGQUIT sent to this process go to target;
 * a target of 0 puts back the handlers that were there before, so a JVM that
 * embeds htapod gets its own signal handling back after a run.
 */
void signals_forward_to(pid_t target) {
  forward_target = target;
  size_t count = sizeof forwarded / sizeof forwarded[0];
  if (target == 0) {
    for (size_t i = 0; installed && i < count; i++) sigaction(forwarded[i], &previous[i], NULL);
    installed = 0;
    return;
  }
  if (installed) return;
  installed = 1;
  struct sigaction action;
  memset(&action, 0, sizeof action);
  action.sa_sigaction = forward;
  action.sa_flags = SA_SIGINFO | SA_RESTART;
  sigfillset(&action.sa_mask);
  for (size_t i = 0; i < count; i++) sigaction(forwarded[i], &action, &previous[i]);
}

/* Stops forwarding to pid once it is reaped: its number may be reused. */
void signals_forget(pid_t pid) {
  if (forward_target == pid) forward_target = 0;
}
