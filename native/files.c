/*
 * The run's private files (resolv.conf, hosts, trust bundles and stores, the
 * upper directories of overlays): they live on a tmpfs that only the new mount
 * namespace holds, so that the kernel frees them with the namespace whatever
 * ends htapod, SIGKILL included. Nothing of the run is ever written to a disk.
 *
 * The init mounts the tmpfs and hands htapod a descriptor of it; htapod writes
 * the files through /proc/self/fd/N; the init then shows them in place with
 * bind and overlay mounts, and detaches the tmpfs itself: those mounts keep it
 * alive, and nothing else can reach it.
 *
 * The tmpfs is mounted, for that short while, on /proc: no file the command is
 * shown lies under it (a mount on /tmp would hide a trust store under /tmp, as
 * JDKs unpacked there have), and nothing between needs /proc. Classic mount(2)
 * calls, not the detached mounts of fsmount(2): binding a file out of a
 * detached mount needs Linux 6.15. Runs in the forked init: raw system calls.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <sys/mount.h>
#include <unistd.h>

#include "htapod.h"

#define STORE_MOUNTPOINT "/proc"

/* Mounts the tmpfs and opens it into *store; 0 or an errno. Mode 0700: only
 * we may enter it, and mounts out of it are the only way in once detached. */
int files_make_store(int *store) {
  if (mount("htapod", STORE_MOUNTPOINT, "tmpfs", MS_NOSUID | MS_NODEV, "mode=0700") < 0) return errno;
  *store = open(STORE_MOUNTPOINT, O_PATH | O_DIRECTORY | O_CLOEXEC);
  if (*store < 0) {
    int err = errno;
    umount2(STORE_MOUNTPOINT, MNT_DETACH);
    return err;
  }
  return 0;
}

/* Makes one mount (source, target, fstype or "" to bind, data) from inside the store. */
static int mount_one(char *const *m) {
  int bind = m[2][0] == '\0';
  return mount(m[0], m[1], bind ? NULL : m[2], bind ? MS_BIND : 0, bind ? NULL : m[3]) < 0 ? errno : 0;
}

/*
 * Shows the store's files in place, then detaches and closes the store; 0 or an
 * errno. The mounts' sources, and the overlays' upper and work directories, are
 * names in the store: they are resolved from inside it, and the working
 * directory the command inherits is put back afterwards.
 */
int files_show(int store, char *const *mounts) {
  int home = open(".", O_PATH | O_DIRECTORY | O_CLOEXEC);
  if (home < 0) return errno;
  int err = fchdir(store) < 0 ? errno : 0;
  for (char *const *m = mounts; err == 0 && m[0] != NULL && m[1] != NULL && m[2] != NULL && m[3] != NULL;
       m += 4) {
    err = mount_one(m);
  }
  if (fchdir(home) < 0 && err == 0) err = errno;
  close(home);
  close(store);
  if (umount2(STORE_MOUNTPOINT, MNT_DETACH) < 0 && err == 0) err = errno;
  return err;
}
