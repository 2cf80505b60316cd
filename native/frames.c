/* The frames of frames.h: sending and receiving them, with descriptors, and their payloads. */
#define _GNU_SOURCE
#include "frames.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define HEADER 5

static void put_u32(uint8_t *at, uint32_t value) {
  for (int i = 0; i < 4; i++) at[i] = (uint8_t)(value >> (8 * i));
}

static uint32_t get_u32(const uint8_t *at) {
  return (uint32_t)at[0] | (uint32_t)at[1] << 8 | (uint32_t)at[2] << 16 | (uint32_t)at[3] << 24;
}

int frame_send(int socket, uint8_t type, const uint8_t *payload, uint32_t length, const int *fds, int fd_count) {
  if (fd_count < 0 || fd_count > FRAME_MAX_FDS) return EINVAL;
  uint8_t header[HEADER];
  header[0] = type;
  put_u32(header + 1, length);
  struct iovec iov[2] = {{.iov_base = header, .iov_len = HEADER}, {.iov_base = (void *)payload, .iov_len = length}};
  struct iovec *left = iov;
  size_t left_count = length > 0 ? 2 : 1;
  size_t total = HEADER + (size_t)length, sent = 0;
  while (sent < total) {
    ssize_t n = fdpass_send(socket, left, left_count, fds, fd_count);
    if (n < 0) return (int)-n;
    sent += (size_t)n;
    /* What is left goes on without the descriptors, which went with the first byte. */
    fd_count = 0;
    size_t skip = (size_t)n;
    while (left_count > 0 && skip >= left[0].iov_len) {
      skip -= left[0].iov_len;
      left++;
      left_count--;
    }
    if (left_count > 0) {
      left[0].iov_base = (uint8_t *)left[0].iov_base + skip;
      left[0].iov_len -= skip;
    }
  }
  return 0;
}

/* Reads exactly length bytes; 1, 0 at end of stream, or -errno. */
static int read_fully(int socket, uint8_t *into, size_t length) {
  size_t got = 0;
  while (got < length) {
    ssize_t n = read(socket, into + got, length - got);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) return -errno;
    if (n == 0) return got == 0 ? 0 : -EPROTO;
    got += (size_t)n;
  }
  return 1;
}

int frame_receive(int socket, struct frame *f) {
  memset(f, 0, sizeof *f);
  uint8_t header[HEADER];
  struct iovec iov = {.iov_base = header, .iov_len = HEADER};
  ssize_t n = fdpass_receive(socket, &iov, 1, 0, f->fds, FRAME_MAX_FDS, &f->fd_count);
  if (n <= 0) return (int)n;
  int rest = n < HEADER ? read_fully(socket, header + n, HEADER - (size_t)n) : 1;
  if (rest != 1) {
    frame_free(f);
    return rest == 0 ? -EPROTO : rest;
  }
  f->type = header[0];
  f->length = get_u32(header + 1);
  if (f->length > FRAME_MAX_PAYLOAD || (f->payload = malloc(f->length + 1)) == NULL) {
    frame_free(f);
    return -EPROTO;
  }
  rest = read_fully(socket, f->payload, f->length);
  if (f->length > 0 && rest != 1) {
    frame_free(f);
    return rest == 0 ? -EPROTO : rest;
  }
  return 1;
}

void frame_free(struct frame *f) {
  for (int i = 0; i < f->fd_count; i++) close(f->fds[i]);
  f->fd_count = 0;
  free(f->payload);
  f->payload = NULL;
}

static void reserve(struct writer *w, size_t more) {
  if (w->failed || w->length + more <= w->capacity) return;
  size_t capacity = w->capacity == 0 ? 4096 : w->capacity;
  while (capacity < w->length + more) capacity *= 2;
  uint8_t *grown = realloc(w->bytes, capacity);
  if (grown == NULL) {
    w->failed = 1;
    return;
  }
  w->bytes = grown;
  w->capacity = capacity;
}

void writer_bytes(struct writer *w, const void *bytes, size_t length) {
  reserve(w, length);
  if (w->failed) return;
  memcpy(w->bytes + w->length, bytes, length);
  w->length += length;
}

void writer_u32(struct writer *w, uint32_t value) {
  uint8_t bytes[4];
  put_u32(bytes, value);
  writer_bytes(w, bytes, 4);
}

void writer_string(struct writer *w, const char *string) {
  size_t length = strlen(string);
  writer_u32(w, (uint32_t)length);
  writer_bytes(w, string, length);
}

void writer_strings(struct writer *w, char *const *strings) {
  uint32_t count = 0;
  while (strings[count] != NULL) count++;
  writer_u32(w, count);
  for (uint32_t i = 0; i < count; i++) writer_string(w, strings[i]);
}

void reader_bytes(struct reader *r, void *into, size_t length) {
  if (r->failed || r->length - r->at < length) {
    r->failed = 1;
    memset(into, 0, length);
    return;
  }
  memcpy(into, r->bytes + r->at, length);
  r->at += length;
}

uint32_t reader_u32(struct reader *r) {
  uint8_t bytes[4];
  reader_bytes(r, bytes, 4);
  return get_u32(bytes);
}

char *reader_string(struct reader *r) {
  uint32_t length = reader_u32(r);
  if (r->failed || r->length - r->at < length) {
    r->failed = 1;
    return NULL;
  }
  char *string = malloc((size_t)length + 1);
  if (string == NULL) {
    r->failed = 1;
    return NULL;
  }
  reader_bytes(r, string, length);
  string[length] = '\0';
  return string;
}

char **reader_strings(struct reader *r) {
  uint32_t count = reader_u32(r);
  if (r->failed || count > (r->length - r->at) / 4) {
    r->failed = 1;
    return NULL;
  }
  char **strings = calloc((size_t)count + 1, sizeof(char *));
  if (strings == NULL) {
    r->failed = 1;
    return NULL;
  }
  for (uint32_t i = 0; i < count && !r->failed; i++) strings[i] = reader_string(r);
  if (r->failed) {
    for (uint32_t i = 0; i < count; i++) free(strings[i]);
    free(strings);
    return NULL;
  }
  return strings;
}
