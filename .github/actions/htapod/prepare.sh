#!/usr/bin/env bash
# Step 2 of the htapod action: lets the runner's user make user namespaces and open /dev/net/tun,
# then gets htapod: the cached jar when its sources have not changed, else a build (scripts/htapod
# builds with Maven when the jar is missing or older than its sources), and the class-data archive
# its first run records.
set -euo pipefail
# Ubuntu 23.10 and later (so the ubuntu-24.04 runners) let AppArmor deny unprivileged processes the
# capabilities of a user namespace they create, unless a profile allows the program; htapod then
# cannot set up the command's network. Lifting the restriction is what Ubuntu documents for such
# tools; on a throw-away runner it affects nothing else. Kernels without the sysctl need nothing.
sysctl=/proc/sys/kernel/apparmor_restrict_unprivileged_userns
if [[ -f $sysctl && $(cat "$sysctl") != 0 ]]; then
  echo "htapod: lifting AppArmor's restriction on unprivileged user namespaces (kernel.apparmor_restrict_unprivileged_userns=0)"
  sudo sysctl -w kernel.apparmor_restrict_unprivileged_userns=0
fi
# Distributions ship /dev/net/tun with mode 0666; a device the user cannot open cannot be opened
# from a user namespace either.
if [[ ! -r /dev/net/tun || ! -w /dev/net/tun ]]; then
  echo "htapod: making /dev/net/tun usable by every user (mode 0666, as distributions ship it)"
  sudo chmod 0666 /dev/net/tun
fi
if [[ ${CACHE_HIT:-} == true ]]; then
  # Restored files keep their old times, older than the checkout's sources: newer than them, the
  # jar is taken as built from them (the cache's key is their hash).
  find "$HTAPOD_ROOT/target/htapod.jar" "$HTAPOD_ROOT/target/native" -exec touch {} +
fi
"$HTAPOD_ROOT/scripts/htapod" --version
