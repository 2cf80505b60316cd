/*
 * ICMP echo ("ping") sockets on the host: SOCK_DGRAM with IPPROTO_ICMP or
 * IPPROTO_ICMPV6, which a user may open without privileges when the host's
 * net.ipv4.ping_group_range includes one of its groups (the same sysctl
 * governs ICMPv6). The kernel fills in the identifier (the socket's own) and
 * the checksum of each echo request sent, and hands back only the echo replies
 * that carry that identifier, from their ICMP header on. Messages live in
 * native memory (Netty's direct buffers), addressed by the Java side. Results
 * are >= 0 or -errno.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <netinet/in.h>
#include <stdint.h>
#include <string.h>
#include <sys/socket.h>

#include "htapod.h"

/* Opens a nonblocking, close-on-exec ping socket of the family asked for. */
static jint ping_open(JNIEnv *env, jclass cls, jboolean v6) {
  (void)env;
  (void)cls;
  int fd = v6 ? socket(AF_INET6, SOCK_DGRAM | SOCK_NONBLOCK | SOCK_CLOEXEC, IPPROTO_ICMPV6)
              : socket(AF_INET, SOCK_DGRAM | SOCK_NONBLOCK | SOCK_CLOEXEC, IPPROTO_ICMP);
  return fd < 0 ? -errno : fd;
}

/* Fills *to with the 4- or 16-byte address in the Java array; its length, or 0 for
 * an array of any other size. */
static socklen_t socket_address(JNIEnv *env, jbyteArray address, struct sockaddr_storage *to) {
  memset(to, 0, sizeof *to);
  jsize length = (*env)->GetArrayLength(env, address);
  if (length == 4) {
    struct sockaddr_in *in = (struct sockaddr_in *)to;
    in->sin_family = AF_INET;
    (*env)->GetByteArrayRegion(env, address, 0, 4, (jbyte *)&in->sin_addr);
    return sizeof *in;
  }
  if (length == 16) {
    struct sockaddr_in6 *in6 = (struct sockaddr_in6 *)to;
    in6->sin6_family = AF_INET6;
    (*env)->GetByteArrayRegion(env, address, 0, 16, (jbyte *)&in6->sin6_addr);
    return sizeof *in6;
  }
  return 0;
}

/* Sends one echo request (ICMP header first) of length bytes at message to the address. */
static jint ping_send(JNIEnv *env, jclass cls, jint fd, jbyteArray address, jlong message, jint length) {
  (void)cls;
  struct sockaddr_storage to;
  socklen_t to_length = socket_address(env, address, &to);
  if (to_length == 0) return -EINVAL;
  ssize_t n = sendto(fd, (const void *)(intptr_t)message, (size_t)length, 0, (struct sockaddr *)&to, to_length);
  return n < 0 ? -errno : (jint)n;
}

/* Receives one echo reply into native memory at buffer; the sender's address goes to
 * the start of source (4 or 16 bytes, as the socket's family). A reply longer than
 * capacity is cut short (it cannot be: capacity is 64 KiB). */
static jint ping_receive(JNIEnv *env, jclass cls, jint fd, jlong buffer, jint capacity, jbyteArray source) {
  (void)cls;
  struct sockaddr_storage from;
  socklen_t from_length = sizeof from;
  ssize_t n = recvfrom(fd, (void *)(intptr_t)buffer, (size_t)capacity, 0, (struct sockaddr *)&from, &from_length);
  if (n < 0) return -errno;
  if (from.ss_family == AF_INET6) {
    (*env)->SetByteArrayRegion(env, source, 0, 16, (const jbyte *)&((struct sockaddr_in6 *)&from)->sin6_addr);
  } else if (from.ss_family == AF_INET) {
    (*env)->SetByteArrayRegion(env, source, 0, 4, (const jbyte *)&((struct sockaddr_in *)&from)->sin_addr);
  }
  return (jint)n;
}

static const JNINativeMethod ping_methods[] = {
    {"open", "(Z)I", (void *)ping_open},
    {"send", "(I[BJI)I", (void *)ping_send},
    {"receive", "(IJI[B)I", (void *)ping_receive},
};

int register_ping_natives(JNIEnv *env) {
  jclass cls = (*env)->FindClass(env, "dev/htapod/namespace/PingNative");
  if (cls == NULL) return -1;
  return (*env)->RegisterNatives(env, cls, ping_methods, sizeof ping_methods / sizeof ping_methods[0]);
}
