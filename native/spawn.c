/*
 * JNI side of the sandbox: turns the Java spawn request into a spawn_plan,
 * clones the namespace's init, and offers the few system calls the parent
 * needs around it (socketpair, receiving the TUN fd, waitpid, closing).
 * Functions return a value >= 0 or -errno; the Java side names the call.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <pthread.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "fdpass.h"
#include "htapod.h"

/* Copies a Java byte[][] into a NULL-terminated array of C strings, or NULL. */
static char **copy_strings(JNIEnv *env, jobjectArray array) {
  jsize count = (*env)->GetArrayLength(env, array);
  char **strings = calloc((size_t)count + 1, sizeof(char *));
  if (strings == NULL) return NULL;
  for (jsize i = 0; i < count; i++) {
    jbyteArray bytes = (jbyteArray)(*env)->GetObjectArrayElement(env, array, i);
    jsize len = (*env)->GetArrayLength(env, bytes);
    strings[i] = malloc((size_t)len + 1);
    if (strings[i] == NULL) {
      plan_free_strings(strings);
      return NULL;
    }
    (*env)->GetByteArrayRegion(env, bytes, 0, len, (jbyte *)strings[i]);
    strings[i][len] = '\0';
    (*env)->DeleteLocalRef(env, bytes);
  }
  return strings;
}

/* Copies exactly len bytes of a Java byte[] into dst; 0 or -EINVAL. */
static int copy_exact(JNIEnv *env, jbyteArray array, uint8_t *dst, jsize len) {
  if (array == NULL || (*env)->GetArrayLength(env, array) != len) return -EINVAL;
  (*env)->GetByteArrayRegion(env, array, 0, len, (jbyte *)dst);
  return 0;
}

/* Fills the network part of the plan; 0 or -EINVAL. */
static int plan_network(JNIEnv *env, struct net_plan *net, jbyteArray ifname, jintArray numbers,
                        jbyteArray ipv4, jbyteArray ipv6) {
  jsize name_len = (*env)->GetArrayLength(env, ifname);
  if (name_len <= 0 || name_len >= IFNAMSIZ) return -EINVAL;
  (*env)->GetByteArrayRegion(env, ifname, 0, name_len, (jbyte *)net->ifname);
  jint values[4];
  if ((*env)->GetArrayLength(env, numbers) != 4) return -EINVAL;
  (*env)->GetIntArrayRegion(env, numbers, 0, 4, values);
  net->mtu = values[0];
  net->txqueuelen = values[1];
  net->prefix4 = values[2];
  net->prefix6 = values[3];
  uint8_t v4[8];
  if (copy_exact(env, ipv4, v4, 8) != 0) return -EINVAL;
  memcpy(net->addr4, v4, 4);
  memcpy(net->gateway4, v4 + 4, 4);
  net->ipv6 = ipv6 != NULL;
  if (net->ipv6) {
    uint8_t v6[32];
    if (copy_exact(env, ipv6, v6, 32) != 0) return -EINVAL;
    memcpy(net->addr6, v6, 16);
    memcpy(net->gateway6, v6 + 16, 16);
  }
  return 0;
}

/* Clones the init into new user, network, mount and PID namespaces; its pid or -errno. */
static jint spawn(JNIEnv *env, jclass cls, jint control_fd, jobjectArray candidates,
                  jobjectArray argv, jobjectArray env_overrides, jobjectArray mounts, jbyteArray ifname, jintArray numbers,
                  jbyteArray ipv4, jbyteArray ipv6) {
  (void)cls;
  struct spawn_plan plan;
  memset(&plan, 0, sizeof plan);
  plan.control_fd = control_fd;
  plan_identity(&plan);
  int result = plan_network(env, &plan.net, ifname, numbers, ipv4, ipv6);
  if (result == 0) {
    plan.candidates = copy_strings(env, candidates);
    plan.argv = copy_strings(env, argv);
    plan.mounts = copy_strings(env, mounts);
    char **overrides = copy_strings(env, env_overrides);
    plan.envp = overrides == NULL ? NULL : plan_environment(overrides);
    plan_free_strings(overrides);
    if (plan.candidates == NULL || plan.argv == NULL || plan.envp == NULL || plan.mounts == NULL) {
      result = -ENOMEM;
    }
  }
  if (result == 0) result = plan_clone(&plan);
  plan_free_strings(plan.candidates);
  plan_free_strings(plan.argv);
  plan_free_strings(plan.mounts);
  plan_free_strings(plan.envp);
  return result;
}

/* A SOCK_SEQPACKET pair, close-on-exec, written into fds[0..1]; 0 or -errno. */
static jint socket_pair(JNIEnv *env, jclass cls, jintArray fds) {
  (void)cls;
  int pair[2];
  if (socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0, pair) < 0) return -errno;
  jint values[2] = {pair[0], pair[1]};
  (*env)->SetIntArrayRegion(env, fds, 0, 2, values);
  return 0;
}

/*
 * Receives one step report into out[0..2] = step, errno, passed fd (or -1).
 * Returns 1 for a report, 0 at end of stream, -EAGAIN when nonblocking and
 * nothing is there, or another -errno.
 */
static jint receive_report(JNIEnv *env, jclass cls, jint fd, jboolean nonblocking, jintArray out) {
  (void)cls;
  struct step_report payload;
  struct iovec iov = {.iov_base = &payload, .iov_len = sizeof payload};
  int passed = -1, passed_count;
  ssize_t n = fdpass_receive(fd, &iov, 1, nonblocking ? MSG_DONTWAIT : 0, &passed, 1, &passed_count);
  if (n <= 0) return (jint)n;
  if ((size_t)n != sizeof payload) {
    if (passed_count > 0) close(passed);
    return -EPROTO;
  }
  jint values[3] = {payload.step, payload.error, passed};
  (*env)->SetIntArrayRegion(env, out, 0, 3, values);
  return 1;
}

/* Tells the init to go on (its files are written; the command may start); 0 or -errno. */
static jint proceed(JNIEnv *env, jclass cls, jint fd) {
  (void)env;
  (void)cls;
  char go = 'g';
  return send(fd, &go, 1, MSG_NOSIGNAL) == 1 ? 0 : -errno;
}

/* Waits for the child, retrying on EINTR; its raw wait status or -errno. */
static jint wait_for(JNIEnv *env, jclass cls, jint pid) {
  (void)env;
  (void)cls;
  int status;
  pid_t done;
  do {
    done = waitpid(pid, &status, __WALL);
  } while (done < 0 && errno == EINTR);
  if (done < 0) return -errno;
  signals_forget(done);
  return status;
}

/* Forwards SIGINT, SIGTERM, SIGHUP and SIGQUIT to pid from now on; 0 puts our own handling back. */
static jint forward_signals(JNIEnv *env, jclass cls, jint pid) {
  (void)env;
  (void)cls;
  signals_forward_to(pid);
  return 0;
}

/* Closes a descriptor the natives gave out; 0 or -errno. */
static jint close_fd(JNIEnv *env, jclass cls, jint fd) {
  (void)env;
  (void)cls;
  return close(fd) < 0 ? -errno : 0;
}

/* The text of an errno, for messages. */
static jstring error_text(JNIEnv *env, jclass cls, jint error) {
  (void)cls;
  char buf[256];
  return (*env)->NewStringUTF(env, strerror_r(error, buf, sizeof buf));
}

static const JNINativeMethod sandbox_methods[] = {
    {"spawn", "(I[[B[[B[[B[[B[B[I[B[B)I", (void *)spawn},
    {"socketPair", "([I)I", (void *)socket_pair},
    {"receiveReport", "(IZ[I)I", (void *)receive_report},
    {"proceed", "(I)I", (void *)proceed},
    {"waitFor", "(I)I", (void *)wait_for},
    {"forwardSignals", "(I)I", (void *)forward_signals},
    {"close", "(I)I", (void *)close_fd},
    {"errorText", "(I)Ljava/lang/String;", (void *)error_text},
};

int register_sandbox_natives(JNIEnv *env) {
  jclass cls = (*env)->FindClass(env, "dev/htapod/namespace/SandboxNative");
  if (cls == NULL) return -1;
  return (*env)->RegisterNatives(env, cls, sandbox_methods,
                                 sizeof sandbox_methods / sizeof sandbox_methods[0]);
}
