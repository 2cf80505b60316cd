/*
 * The sock_diag netlink exchange that names a socket of the run: one
 * SOCK_DIAG_BY_FAMILY request (built by the Java side, SockDiag) and its reply,
 * copied through small Java arrays. The run's own socket is opened by its init
 * (child.c), in the run's network namespace; the one opened here is in the
 * caller's. Results are >= 0 or -errno.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <linux/netlink.h>
#include <sys/socket.h>

#include "htapod.h"

/* A request is a netlink header and an inet_diag_req_v2: 72 bytes. */
#define REQUEST_MAX 256
/* A reply is a netlink header, an inet_diag_msg and a few attributes, ~130 bytes. */
#define REPLY_MAX 4096

/* Opens a close-on-exec NETLINK_SOCK_DIAG socket in the caller's network namespace. */
static jint diag_open(JNIEnv *env, jclass cls) {
  (void)env;
  (void)cls;
  int fd = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_SOCK_DIAG);
  return fd < 0 ? -errno : fd;
}

/* Sends the whole request to the kernel; its length or -errno. */
static jint diag_send(JNIEnv *env, jclass cls, jint fd, jbyteArray request) {
  (void)cls;
  char buf[REQUEST_MAX];
  jsize length = (*env)->GetArrayLength(env, request);
  if (length > REQUEST_MAX) return -EINVAL;
  (*env)->GetByteArrayRegion(env, request, 0, length, (jbyte *)buf);
  ssize_t n;
  do {
    n = send(fd, buf, (size_t)length, 0);
  } while (n < 0 && errno == EINTR);
  return n < 0 ? -errno : (jint)n;
}

/*
 * Takes one reply into the array without waiting: the kernel answers an exact
 * (non-dump) request within the send itself, so an empty queue means no answer
 * will come (-EAGAIN). Its length, cut to the array's.
 */
static jint diag_receive(JNIEnv *env, jclass cls, jint fd, jbyteArray reply) {
  (void)cls;
  char buf[REPLY_MAX];
  ssize_t n;
  do {
    n = recv(fd, buf, sizeof buf, MSG_DONTWAIT);
  } while (n < 0 && errno == EINTR);
  if (n < 0) return -errno;
  jsize length = (*env)->GetArrayLength(env, reply);
  if (n < length) length = (jsize)n;
  (*env)->SetByteArrayRegion(env, reply, 0, length, (const jbyte *)buf);
  return length;
}

static const JNINativeMethod sockdiag_methods[] = {
    {"open", "()I", (void *)diag_open},
    {"send", "(I[B)I", (void *)diag_send},
    {"receive", "(I[B)I", (void *)diag_receive},
};

int register_sockdiag_natives(JNIEnv *env) {
  jclass cls = (*env)->FindClass(env, "dev/htapod/namespace/SockDiagNative");
  if (cls == NULL) return -1;
  return (*env)->RegisterNatives(env, cls, sockdiag_methods,
                                 sizeof sockdiag_methods / sizeof sockdiag_methods[0]);
}
