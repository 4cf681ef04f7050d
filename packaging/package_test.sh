#!/usr/bin/env bash
# `make package-test`: installs dist/pain-recovery-coach_<version>_amd64.deb with apt into a clean Debian 12
# (bookworm, debootstrap --variant=minbase) root and runs it there: --version, exercises list, demo, doctor,
# a spoken audio render with the bundled voice, and the window under xvfb-run for 10 s. Prints sizes and
# times. Needs root (debootstrap, chroot, mounts) and the configured apt mirror; too slow for `make test`.
set -euo pipefail
cd "$(dirname "$0")/.."

[ "$(id -u)" = 0 ] || { echo "package-test: run as root (debootstrap and chroot need it)" >&2; exit 1; }
command -v debootstrap >/dev/null || { echo "package-test: apt-get install debootstrap" >&2; exit 1; }
VERSION=$(sed -n 's/^__version__ = "\(.*\)"/\1/p' coach/__init__.py)
DEB=dist/pain-recovery-coach_${VERSION}_amd64.deb
[ -f "$DEB" ] || { echo "package-test: $DEB is missing: run make package first" >&2; exit 1; }
# The mirror apt already uses here (deb822 sources), else Debian's own.
MIRROR=$(awk '/^URIs:/ && $2 !~ /security/ {print $2; exit}' /etc/apt/sources.list.d/*.sources 2>/dev/null || true)
MIRROR=${MIRROR:-http://deb.debian.org/debian}
BASE=build/bookworm-base
ROOT=build/bookworm-test

step() { printf '\n== %s\n' "$*"; }
timed() { local t0=$SECONDS; "$@"; echo "   ($((SECONDS - t0)) s)"; }

if [ ! -x "$BASE/usr/bin/apt-get" ]; then
  step "debootstrap --variant=minbase bookworm from $MIRROR (once; kept in $BASE)"
  rm -rf "$BASE"
  timed debootstrap --variant=minbase bookworm "$BASE" "$MIRROR" >/dev/null
fi

step "A fresh copy of the clean root"
cleanup() {
  for m in dev/pts dev proc sys tmp; do umount -l "$ROOT/$m" 2>/dev/null || true; done
}
trap cleanup EXIT
cleanup
rm -rf "$ROOT"
cp -a "$BASE" "$ROOT"
mount -t proc proc "$ROOT/proc"
mount -t sysfs sys "$ROOT/sys"
mount --bind /dev "$ROOT/dev"
mount --bind /dev/pts "$ROOT/dev/pts"
mount -t tmpfs tmpfs "$ROOT/tmp"
cp /etc/resolv.conf "$ROOT/etc/resolv.conf"
cp "$DEB" "$ROOT/tmp/"
in_root() { chroot "$ROOT" env -i HOME=/root PATH=/usr/local/bin:/usr/bin:/bin:/usr/sbin:/sbin LANG=C.UTF-8 "$@"; }
before=$(in_root dpkg-query -W -f='.\n' | wc -l)

step "apt-get install ./$(basename "$DEB") (and xvfb to show the window)"
in_root apt-get update -qq
t0=$SECONDS
in_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
  "/tmp/$(basename "$DEB")" xvfb xauth >/dev/null
after=$(in_root dpkg-query -W -f='.\n' | wc -l)
echo "   installed in $((SECONDS - t0)) s: $((after - before)) packages (the app, its Depends, xvfb and xauth)"

step "coach --version"
timed in_root coach --version
step "coach exercises list"
timed in_root coach exercises list
step "coach demo"
timed in_root coach --data-dir /tmp/data demo
step "coach doctor"
timed in_root coach --data-dir /tmp/data doctor || true  # no display and no sound card in a chroot
step "coach audio render breathing-space-3 (the bundled piper voice)"
timed in_root coach --data-dir /tmp/data audio render breathing-space-3 --engine piper --out /tmp/breathing.wav
in_root ls -l /tmp/breathing.wav
step "pain-recovery-coach (the window) under xvfb-run for 10 s"
set +e
in_root xvfb-run -a -s "-screen 0 1366x768x24" timeout 10 pain-recovery-coach --data-dir /tmp/data
code=$?
set -e
if [ "$code" = 124 ]; then echo "   the window ran for 10 s (stopped by timeout)"; else echo "   the window exited with $code"; exit 1; fi

step "Sizes"
echo "   .deb to download: $(du -h "$DEB" | cut -f1)"
echo "   installed (dpkg Installed-Size): $(in_root dpkg-query -W -f='${Installed-Size}' pain-recovery-coach) KB"
echo "   /opt/pain-recovery-coach: $(du -sh "$ROOT/opt/pain-recovery-coach" | cut -f1)"
echo "   the whole root after install: $(du -sh --exclude=proc --exclude=sys --exclude=dev "$ROOT" | cut -f1)"
echo "package-test passed"
