/*
 * Descriptors passed over a unix socket (SCM_RIGHTS), with the bytes of one sendmsg or recvmsg:
 * what the launcher's frames (frames.h) and the init's step reports (child.c to spawn.c) share.
 * No allocation, so the cloned init can send with it.
 */
#ifndef HTAPOD_FDPASS_H
#define HTAPOD_FDPASS_H

#include <sys/types.h>
#include <sys/uio.h>

/* The most descriptors one message carries. */
#define FDPASS_MAX_FDS 4

/*
 * One sendmsg of iov's bytes (MSG_NOSIGNAL, EINTR retried), with fd_count of fds attached; the
 * bytes sent, which on a stream socket may be fewer than asked, or -errno.
 */
ssize_t fdpass_send(int socket, struct iovec *iov, size_t iov_count, const int *fds, int fd_count);

/*
 * One recvmsg into iov (MSG_CMSG_CLOEXEC and flags, EINTR retried); the descriptors that came with
 * it go to fds, up to max of them (the others are closed), and their count to *fd_count. The bytes
 * received, 0 at end of stream, or -errno (then no descriptors are kept).
 */
ssize_t fdpass_receive(int socket, struct iovec *iov, size_t iov_count, int flags, int *fds, int max, int *fd_count);

#endif
