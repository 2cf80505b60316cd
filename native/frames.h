/*
 * Frames between the warm launcher (launch.c) and the warm htapod process (warm.c, on the Java
 * side dev.htapod.launcher): over a SOCK_STREAM unix socket, each frame is a type byte, a payload
 * length (4 bytes, little-endian) and the payload; descriptors travel with a frame's first byte
 * (SCM_RIGHTS), at most FRAME_MAX_FDS of them. Strings in payloads are a 4-byte length and the
 * bytes; a list of strings is a 4-byte count and the strings.
 */
#ifndef HTAPOD_FRAMES_H
#define HTAPOD_FRAMES_H

#include <stddef.h>
#include <stdint.h>

#include "fdpass.h"

#define FRAME_MAX_FDS FDPASS_MAX_FDS
/* A frame larger than this is a protocol error: argv and environment together fit ARG_MAX. */
#define FRAME_MAX_PAYLOAD (16u << 20)

enum frame_type {
  FRAME_RUN = 'R',     /* launcher: argv, environment, working directory, tty flags, umask; fds: stdout, stderr */
  FRAME_BUSY = 'B',    /* server: another run is on; run cold */
  FRAME_SPAWN = 'S',   /* server: the spawn plan */
  FRAME_SPAWNED = 'P', /* launcher: the init's pid, or -errno; fd: the control socket */
  FRAME_EXITED = 'X',  /* launcher: the init's raw wait status */
  FRAME_END = 'E',     /* server: the run's exit status */
};

struct frame {
  uint8_t type;
  uint8_t *payload;
  uint32_t length;
  int fds[FRAME_MAX_FDS];
  int fd_count;
};

/* Sends a frame; 0 or an errno. */
int frame_send(int socket, uint8_t type, const uint8_t *payload, uint32_t length, const int *fds, int fd_count);
/* Receives a frame into f (payload malloc'd, to free); 1, 0 at end of stream, or -errno. */
int frame_receive(int socket, struct frame *f);
void frame_free(struct frame *f);

/* A growable payload being written. */
struct writer {
  uint8_t *bytes;
  size_t length;
  size_t capacity;
  int failed;
};
void writer_u32(struct writer *w, uint32_t value);
void writer_bytes(struct writer *w, const void *bytes, size_t length);
void writer_string(struct writer *w, const char *string);
void writer_strings(struct writer *w, char *const *strings);

/* A payload being read; reads past its end set failed and give zeros. */
struct reader {
  const uint8_t *bytes;
  size_t length;
  size_t at;
  int failed;
};
uint32_t reader_u32(struct reader *r);
void reader_bytes(struct reader *r, void *into, size_t length);
/* A malloc'd, NUL-terminated copy, or NULL (and failed set). */
char *reader_string(struct reader *r);
/* A malloc'd, NULL-terminated list, or NULL (and failed set). */
char **reader_strings(struct reader *r);

#endif
