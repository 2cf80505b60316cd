/*
 * What a spawn needs besides the plan's contents, shared by the JNI side (spawn.c) and the warm
 * launcher (launch.c): the command's environment, the identity maps, and the clone itself.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <pthread.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "htapod.h"

/* Serialises spawns: the signal mask dance and the fd set must not interleave. */
static pthread_mutex_t spawn_lock = PTHREAD_MUTEX_INITIALIZER;

void plan_free_strings(char **strings) {
  if (strings == NULL) return;
  for (char **s = strings; *s != NULL; s++) free(*s);
  free(strings);
}

extern char **environ;

/* Length of the "NAME=" prefix of an environment entry, or 0 when it has none. */
static size_t name_length(const char *entry) {
  const char *eq = strchr(entry, '=');
  return eq == NULL ? 0 : (size_t)(eq - entry) + 1;
}

char **plan_environment(char **overrides) {
  size_t count = 0, extra = 0;
  while (environ[count] != NULL) count++;
  while (overrides[extra] != NULL) extra++;
  char **envp = calloc(count + extra + 1, sizeof(char *));
  if (envp == NULL) return NULL;
  size_t n = 0;
  for (size_t i = 0; i < count; i++) {
    size_t len = name_length(environ[i]);
    int replaced = 0;
    for (size_t j = 0; j < extra && len > 0; j++) {
      if (strncmp(environ[i], overrides[j], len) == 0) replaced = 1;
    }
    if (!replaced && (envp[n++] = strdup(environ[i])) == NULL) goto oom;
  }
  for (size_t j = 0; j < extra; j++) {
    if ((envp[n++] = strdup(overrides[j])) == NULL) goto oom;
  }
  return envp;
oom:
  plan_free_strings(envp);
  return NULL;
}

void plan_identity(struct spawn_plan *plan) {
  snprintf(plan->uid_map, sizeof plan->uid_map, "%u %u 1\n", getuid(), getuid());
  snprintf(plan->gid_map, sizeof plan->gid_map, "%u %u 1\n", getgid(), getgid());
  snprintf(plan->ping_group, sizeof plan->ping_group, "%u %u", getgid(), getgid());
}

/* A process started with SIGCHLD ignored would auto-reap the init and lose its status. */
static void restore_sigchld(void) {
  struct sigaction current;
  if (sigaction(SIGCHLD, NULL, &current) == 0 && current.sa_handler == SIG_IGN) {
    signal(SIGCHLD, SIG_DFL);
  }
}

int plan_clone(const struct spawn_plan *plan) {
  pthread_mutex_lock(&spawn_lock);
  restore_sigchld();
  sigset_t saved;
  signals_block_all(&saved);
  long pid = syscall(SYS_clone, CLONE_NEWUSER | CLONE_NEWNET | CLONE_NEWNS | CLONE_NEWPID | SIGCHLD,
                     NULL, NULL, NULL, 0);
  if (pid == 0) child_main(plan);
  int result = pid < 0 ? -errno : (int)pid;
  pthread_sigmask(SIG_SETMASK, &saved, NULL);
  pthread_mutex_unlock(&spawn_lock);
  return result;
}
