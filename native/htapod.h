/*
 * Shared declarations of htapod's native helper.
 *
 * The helper is loaded into the JVM. It forks the namespace's init process,
 * which sets up the user, network, mount and PID namespaces, hands the TUN fd
 * back over a SOCK_SEQPACKET socketpair and then starts the command.
 * Everything the child needs is prepared in a spawn_plan before the fork, so
 * that the child only makes raw system calls (no allocation, no locks). The
 * run's files live on a tmpfs of the mount namespace (files.c), never on disk.
 * Beside that, it offers the few host sockets Netty cannot open: ICMP echo
 * sockets, to relay the command's pings (ping.c), and the sock_diag netlink
 * exchange that names the process behind a socket of the run (sockdiag.c). The warm launcher
 * (launch.c, a program of its own) clones the init the same way (plan.c) for a run it hands to
 * a warm htapod process, which serves it through warm.c.
 */
#ifndef HTAPOD_H
#define HTAPOD_H

#include <jni.h>
#include <net/if.h>
#include <signal.h>
#include <stdint.h>

/* Steps the child reports with an errno; the Java side (SpawnStep) has the same codes. */
enum htapod_step {
  STEP_READY = 0,
  STEP_USER_MAP = 1,
  STEP_MOUNTS = 2,
  STEP_LOOPBACK = 3,
  STEP_TUN_OPEN = 4,
  STEP_TUN_CREATE = 5,
  STEP_TUN_CONFIG = 6,
  STEP_IPV4 = 7,
  STEP_IPV6 = 8,
  STEP_HANDOFF = 9,
  STEP_FORK = 10,
  STEP_EXEC = 11,
  STEP_BIND = 12,
  STEP_STORE = 13,
  STEP_SOCKETS = 14, /* the run's sock_diag socket; its failure is reported but not fatal */
};

/* The report the child sends for each step: its code and the errno (0 when it worked). */
struct step_report {
  int32_t step;
  int32_t error;
};

struct net_plan {
  char ifname[IFNAMSIZ];
  int mtu;
  int txqueuelen;
  uint8_t addr4[4];
  uint8_t gateway4[4];
  int prefix4;
  int ipv6; /* 0 when IPv6 stays unconfigured inside */
  uint8_t addr6[16];
  uint8_t gateway6[16];
  int prefix6;
};

struct spawn_plan {
  char **candidates; /* absolute paths to try with execve, in PATH order */
  char **argv;
  char **envp;
  char **mounts; /* source, target, fstype ("" for a bind mount), data; repeated; NULL-terminated;
                  * sources and overlay directories are names in the run's store (files.c) */
  char uid_map[48];
  char gid_map[48];
  char ping_group[32]; /* "gid gid": lets the command open ICMP echo sockets */
  int control_fd;
  struct net_plan net;
};

/* plan.c */
void plan_free_strings(char **strings);
/* The command's environment: ours, byte for byte, with each of the "NAME=value" overrides
 * replacing or adding its variable. NULL when out of memory. */
char **plan_environment(char **overrides);
/* The uid and gid maps and the ping group: the caller's own ids, as root inside. */
void plan_identity(struct spawn_plan *plan);
/* Clones the init into new user, network, mount and PID namespaces; its pid or -errno. */
int plan_clone(const struct spawn_plan *plan);

/* child.c: runs in the forked child; never returns. */
void child_main(const struct spawn_plan *plan) __attribute__((noreturn));

/* files.c: each returns 0 or an errno. */
int files_make_store(int *store);
int files_show(int store, char *const *mounts);

/* netconf.c: each returns 0 or an errno. */
int netconf_loopback_up(void);
int netconf_create_tun(const struct net_plan *net, int *tun_fd, int *failed_step);

/* signals.c */
void signals_reset_all(void);
int signals_block_all(sigset_t *saved);
void signals_forward_to(pid_t target);
void signals_forget(pid_t pid);

/* Registration of each Java class's natives, called from JNI_OnLoad. */
int register_sandbox_natives(JNIEnv *env);
int register_tun_natives(JNIEnv *env);
int register_ping_natives(JNIEnv *env);
int register_sockdiag_natives(JNIEnv *env);
int register_warm_natives(JNIEnv *env);

#endif
