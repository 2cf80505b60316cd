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

/* Writes one packet made of up to three pieces (headers, then the payload in up to two
 * pieces), without joining them first; a piece of length 0 ends the list. */
static jint tun_write(JNIEnv *env, jclass cls, jint fd, jlong head, jint head_length, jlong first,
                      jint first_length, jlong second, jint second_length) {
  (void)env;
  (void)cls;
  struct iovec pieces[3] = {
      {.iov_base = (void *)(intptr_t)head, .iov_len = (size_t)head_length},
      {.iov_base = (void *)(intptr_t)first, .iov_len = (size_t)first_length},
      {.iov_base = (void *)(intptr_t)second, .iov_len = (size_t)second_length}};
  int count = first_length == 0 ? 1 : second_length == 0 ? 2 : 3;
  ssize_t n = writev(fd, pieces, count);
  return n < 0 ? -errno : (jint)n;
}

static const JNINativeMethod tun_methods[] = {
    {"read", "(IJI)I", (void *)tun_read},
    {"write", "(IJIJIJI)I", (void *)tun_write},
};

int register_tun_natives(JNIEnv *env) {
  jclass cls = (*env)->FindClass(env, "dev/htapod/namespace/TunNative");
  if (cls == NULL) return -1;
  return (*env)->RegisterNatives(env, cls, tun_methods, sizeof tun_methods / sizeof tun_methods[0]);
}
