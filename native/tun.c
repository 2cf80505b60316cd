/*
 * Packet I/O on the TUN fd (nonblocking, IFF_NO_PI: one IP packet per read or
 * write) and the wake-up eventfd that lets the reader leave poll() when the
 * run ends: a thread blocked on a TUN fd is not woken by close(). Packets live
 * in native memory (Netty's direct buffers), addressed by the Java side, never
 * copied by JNI. Each packet starts with a virtio_net_hdr. Results are >= 0 or
 * -errno.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <poll.h>
#include <stdint.h>
#include <sys/uio.h>
#include <sys/eventfd.h>
#include <unistd.h>

#include "htapod.h"

/* Reads one packet into native memory at address. */
static jint tun_read(JNIEnv *env, jclass cls, jint fd, jlong address, jint capacity) {
  (void)env;
  (void)cls;
  ssize_t n = read(fd, (void *)(intptr_t)address, (size_t)capacity);
  return n < 0 ? -errno : (jint)n;
}

/* Writes one packet made of two pieces (headers, payload), without joining them first. */
static jint tun_write(JNIEnv *env, jclass cls, jint fd, jlong head, jint head_length, jlong tail,
                      jint tail_length) {
  (void)env;
  (void)cls;
  struct iovec pieces[2] = {{.iov_base = (void *)(intptr_t)head, .iov_len = (size_t)head_length},
                            {.iov_base = (void *)(intptr_t)tail, .iov_len = (size_t)tail_length}};
  ssize_t n = writev(fd, pieces, tail_length > 0 ? 2 : 1);
  return n < 0 ? -errno : (jint)n;
}

/* Waits until fd is readable or wake_fd was signalled: 1, 2 (woken), 0 (timeout), -errno. */
static jint tun_poll(JNIEnv *env, jclass cls, jint fd, jint wake_fd, jint timeout_ms) {
  (void)env;
  (void)cls;
  struct pollfd fds[2] = {{.fd = fd, .events = POLLIN}, {.fd = wake_fd, .events = POLLIN}};
  int n = poll(fds, 2, timeout_ms);
  if (n < 0) return errno == EINTR ? 0 : -errno;
  if (fds[1].revents) return 2;
  if (fds[0].revents & (POLLERR | POLLNVAL)) return -EBADF;
  return n == 0 ? 0 : 1;
}

static jint new_eventfd(JNIEnv *env, jclass cls) {
  (void)env;
  (void)cls;
  int fd = eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
  return fd < 0 ? -errno : fd;
}

static jint signal_eventfd(JNIEnv *env, jclass cls, jint fd) {
  (void)env;
  (void)cls;
  uint64_t one = 1;
  return write(fd, &one, sizeof one) < 0 ? -errno : 0;
}

static const JNINativeMethod tun_methods[] = {
    {"read", "(IJI)I", (void *)tun_read},
    {"write", "(IJIJI)I", (void *)tun_write},
    {"poll", "(III)I", (void *)tun_poll},
    {"newEventFd", "()I", (void *)new_eventfd},
    {"signalEventFd", "(I)I", (void *)signal_eventfd},
};

int register_tun_natives(JNIEnv *env) {
  jclass cls = (*env)->FindClass(env, "dev/htapod/namespace/TunNative");
  if (cls == NULL) return -1;
  return (*env)->RegisterNatives(env, cls, tun_methods, sizeof tun_methods / sizeof tun_methods[0]);
}
