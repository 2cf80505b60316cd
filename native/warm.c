/*
 * JNI side of the warm htapod process (dev.htapod.launcher.WarmNative): its lock and listening
 * socket, the launchers' connections and their frames (frames.h), and writes to the descriptors
 * a launcher passed (its stdout and stderr, shared with the command: written through the same
 * open file, so that report lines and the command's output keep one file offset).
 * Functions return a value >= 0 or -errno.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <malloc.h>
#include <poll.h>
#include <string.h>
#include <sys/file.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include "frames.h"
#include "htapod.h"

/* A C string of a Java byte[] path, into buf; 0 or -ENAMETOOLONG. */
static int path_of(JNIEnv *env, jbyteArray path, char *buf, size_t size) {
  jsize len = (*env)->GetArrayLength(env, path);
  if (len <= 0 || (size_t)len >= size) return -ENAMETOOLONG;
  (*env)->GetByteArrayRegion(env, path, 0, len, (jbyte *)buf);
  buf[len] = '\0';
  return 0;
}

/*
 * Holds the lock file at path (made 0600); its fd, or -EWOULDBLOCK when another process does. A
 * warm process removes its lock file as it ends, so the lock got may be on a file already gone
 * from path: that one is given up as held, as it was a moment before.
 */
static jint lock_file(JNIEnv *env, jclass cls, jbyteArray path) {
  (void)cls;
  char name[4096];
  int error = path_of(env, path, name, sizeof name);
  if (error != 0) return error;
  int fd = open(name, O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0600);
  if (fd < 0) return -errno;
  if (flock(fd, LOCK_EX | LOCK_NB) < 0) {
    error = -errno;
    close(fd);
    return error;
  }
  struct stat held, named;
  if (fstat(fd, &held) < 0 || lstat(name, &named) < 0 || held.st_ino != named.st_ino ||
      held.st_dev != named.st_dev) {
    close(fd);
    return -EWOULDBLOCK;
  }
  return fd;
}

/* Listens on a unix socket at path, replacing a stale one, mode 0600; its fd or -errno. */
static jint listen_at(JNIEnv *env, jclass cls, jbyteArray path) {
  (void)cls;
  struct sockaddr_un address = {.sun_family = AF_UNIX};
  int error = path_of(env, path, address.sun_path, sizeof address.sun_path);
  if (error != 0) return error;
  int fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd < 0) return -errno;
  unlink(address.sun_path);
  mode_t mask = umask(0177);
  int bound = bind(fd, (struct sockaddr *)&address, sizeof address);
  umask(mask);
  if (bound < 0 || listen(fd, 16) < 0) {
    error = -errno;
    close(fd);
    return error;
  }
  return fd;
}

/* The next connection, or -ETIMEDOUT after timeout_ms (-1: none). */
static jint accept_within(JNIEnv *env, jclass cls, jint fd, jint timeout_ms) {
  (void)env;
  (void)cls;
  struct pollfd ready = {.fd = fd, .events = POLLIN};
  int n;
  do {
    n = poll(&ready, 1, timeout_ms);
  } while (n < 0 && errno == EINTR);
  if (n < 0) return -errno;
  if (n == 0) return -ETIMEDOUT;
  int connection = accept4(fd, NULL, NULL, SOCK_CLOEXEC);
  return connection < 0 ? -errno : connection;
}

/* The uid of the process at the other end of a unix socket, or -errno. */
static jint peer_uid(JNIEnv *env, jclass cls, jint fd) {
  (void)env;
  (void)cls;
  struct ucred peer;
  socklen_t size = sizeof peer;
  if (getsockopt(fd, SOL_SOCKET, SO_PEERCRED, &peer, &size) < 0) return -errno;
  return (jint)peer.uid;
}

/*
 * Receives a frame: its type, 0 at end of stream, or -errno. payload[0] gets its bytes; fds
 * (FRAME_MAX_FDS long) the descriptors that came with it, -1 for none.
 */
static jint receive_frame(JNIEnv *env, jclass cls, jint fd, jobjectArray payload, jintArray fds) {
  (void)cls;
  struct frame f;
  int got = frame_receive(fd, &f);
  if (got <= 0) return got;
  jbyteArray bytes = (*env)->NewByteArray(env, (jsize)f.length);
  if (bytes == NULL) {
    frame_free(&f);
    return -ENOMEM;
  }
  (*env)->SetByteArrayRegion(env, bytes, 0, (jsize)f.length, (const jbyte *)f.payload);
  (*env)->SetObjectArrayElement(env, payload, 0, bytes);
  jint values[FRAME_MAX_FDS];
  for (int i = 0; i < FRAME_MAX_FDS; i++) values[i] = i < f.fd_count ? f.fds[i] : -1;
  (*env)->SetIntArrayRegion(env, fds, 0, FRAME_MAX_FDS, values);
  f.fd_count = 0; /* they are Java's now */
  jint type = f.type;
  frame_free(&f);
  return type;
}

/* Sends a frame with the descriptors given (none when fds is null); 0 or -errno. */
static jint send_frame(JNIEnv *env, jclass cls, jint fd, jint type, jbyteArray payload, jintArray fds) {
  (void)cls;
  jsize length = (*env)->GetArrayLength(env, payload);
  jbyte *bytes = (*env)->GetByteArrayElements(env, payload, NULL);
  if (bytes == NULL) return -ENOMEM;
  int descriptors[FRAME_MAX_FDS];
  jsize count = fds == NULL ? 0 : (*env)->GetArrayLength(env, fds);
  if (count > FRAME_MAX_FDS) count = FRAME_MAX_FDS;
  if (count > 0) (*env)->GetIntArrayRegion(env, fds, 0, count, (jint *)descriptors);
  int error = frame_send(fd, (uint8_t)type, (const uint8_t *)bytes, (uint32_t)length, descriptors, count);
  (*env)->ReleaseByteArrayElements(env, payload, bytes, JNI_ABORT);
  return -error;
}

/* Writes all of bytes[offset, offset + length) to fd; 0 or -errno. */
static jint write_fully(JNIEnv *env, jclass cls, jint fd, jbyteArray array, jint offset, jint length) {
  (void)cls;
  jbyte *bytes = (*env)->GetByteArrayElements(env, array, NULL);
  if (bytes == NULL) return -ENOMEM;
  jint result = 0;
  for (jint done = 0; done < length;) {
    ssize_t n = write(fd, bytes + offset + done, (size_t)(length - done));
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) {
      result = -errno;
      break;
    }
    done += (jint)n;
  }
  (*env)->ReleaseByteArrayElements(env, array, bytes, JNI_ABORT);
  return result;
}

/* Sets the file mode creation mask (the whole process's: one run at a time); the old one. */
static jint set_umask(JNIEnv *env, jclass cls, jint mask) {
  (void)env;
  (void)cls;
  return (jint)umask((mode_t)mask & 0777);
}

static jint close_fd(JNIEnv *env, jclass cls, jint fd) {
  (void)env;
  (void)cls;
  return close(fd) < 0 ? -errno : 0;
}

/*
 * Gives the C heap's free memory back to the system (glibc's malloc_trim): what a run's threads
 * allocated and freed stays in their arenas otherwise; 1 when some was given back.
 */
static jint trim_native_heap(JNIEnv *env, jclass cls) {
  (void)env;
  (void)cls;
  return malloc_trim(0);
}

static const JNINativeMethod warm_methods[] = {
    {"lock", "([B)I", (void *)lock_file},
    {"listen", "([B)I", (void *)listen_at},
    {"accept", "(II)I", (void *)accept_within},
    {"peerUid", "(I)I", (void *)peer_uid},
    {"receive", "(I[[B[I)I", (void *)receive_frame},
    {"send", "(II[B[I)I", (void *)send_frame},
    {"write", "(I[BII)I", (void *)write_fully},
    {"umask", "(I)I", (void *)set_umask},
    {"close", "(I)I", (void *)close_fd},
    {"trimNativeHeap", "()I", (void *)trim_native_heap},
};

int register_warm_natives(JNIEnv *env) {
  jclass cls = (*env)->FindClass(env, "dev/htapod/launcher/WarmNative");
  if (cls == NULL) {
    /* A jar without the warm process (or a class path that lacks it) still loads the rest. */
    (*env)->ExceptionClear(env);
    return 0;
  }
  return (*env)->RegisterNatives(env, cls, warm_methods, sizeof warm_methods / sizeof warm_methods[0]);
}
