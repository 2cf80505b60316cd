/*
 * Packet I/O on the TUN fd (nonblocking, IFF_NO_PI: one packet per read or
 * write, each starting with a virtio_net_hdr). Packets live in native memory
 * (Netty's direct buffers), addressed by the Java side, never copied by JNI.
 * Results are >= 0 or -errno.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stdint.h>
#include <sys/uio.h>
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

static const JNINativeMethod tun_methods[] = {
    {"read", "(IJI)I", (void *)tun_read},
    {"write", "(IJIJI)I", (void *)tun_write},
};

int register_tun_natives(JNIEnv *env) {
  jclass cls = (*env)->FindClass(env, "dev/htapod/namespace/TunNative");
  if (cls == NULL) return -1;
  return (*env)->RegisterNatives(env, cls, tun_methods, sizeof tun_methods / sizeof tun_methods[0]);
}
