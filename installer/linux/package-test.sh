#!/usr/bin/env bash
# make package-test: install the .debs into a clean Debian 12 root and use them there.
#
#  1. a minimal Debian 12 root from debootstrap (made once, kept as a tarball in .cache/package-test;
#     every run unpacks a fresh copy), apt's downloads cached beside it;
#  2. the PREVIOUS client .deb (dist/, version bumped down by one in the last part if none is
#     given: PREV_DEB=...) and the centre's .deb installed with apt-get (Depends resolved);
#  3. as an ordinary user: `counter-app config init`, `counter-app doctor --json`, and an offscreen
#     start of the window: the centre (from its .deb, on SQLite with the demo users) answers the
#     login, the main window comes up and the app exits when idle, leaving a screenshot;
#  4. cases in the store (the app's own CLI writes them? no: the window's store is migrated and a
#     case row is put in with sqlite3 through the app's schema) — then the NEW .deb is installed
#     over the old one: config, store and cases are still there and the app opens them;
#  5. a store stamped by a newer version is refused with the clear message.
# Needs root (chroot, mount). Not part of `make test`: it takes minutes.
set -euo pipefail
cd "$(dirname "$0")/../.."
source installer/linux/common.sh
APPID=cn.gov.szsi.counter-app
CENTRAL=counter-central
SUITE=bookworm
MIRROR=${DEBIAN_MIRROR:-http://deb.debian.org/debian}
CACHE=.cache/package-test
BASE=$CACHE/$SUITE-minbase.tar
[[ $(id -u) -eq 0 ]] || { echo "package-test: 需要 root 权限（chroot、mount）" >&2; exit 1; }
command -v debootstrap >/dev/null || { echo "package-test: 请先安装 debootstrap（apt-get install debootstrap）" >&2; exit 1; }
mkdir -p "$CACHE/apt-archives/partial"
t0=$(date +%s)

make_base() {
    local tmp="$CACHE/base.$$"
    echo "package-test: debootstrap $SUITE (once; cached in $BASE) ..."
    rm -rf "$tmp"
    debootstrap --variant=minbase --include=ca-certificates,sqlite3,python3-minimal "$SUITE" "$tmp" "$MIRROR" >"$CACHE/debootstrap.log" 2>&1 \
        || { tail -20 "$CACHE/debootstrap.log" >&2; exit 1; }
    rm -rf "$tmp"/var/cache/apt/archives/*.deb
    tar -C "$tmp" -cf "$BASE.part" . && mv "$BASE.part" "$BASE"
    rm -rf "$tmp"
}
[[ -f "$BASE" ]] || make_base
[[ "${1:-}" == "--base-only" ]] && exit 0
t1=$(date +%s)
echo "package-test: base root ready ($((t1 - t0)) s)"
