#!/usr/bin/env bash
# The glibc-floor build root: a Debian root whose glibc is the package's floor, with a CPython 3.11
# built there, the system libraries PyInstaller bundles or resolves, and a venv holding the app's
# run-time and build dependencies. `make package` builds the client's (and the centre's) .deb
# INSIDE it (chroot), so every bundled binary comes from a system no newer than the floor and the
# .deb's Depends are that distribution's package names.
#
#   installer/linux/build-root.sh              make the root if needed, sync its venv
#   installer/linux/build-root.sh run CMD ...  the same, then CMD in the root (cwd = the checkout)
#   installer/linux/build-root.sh shell        an interactive shell in the root
#
# Environment:
#   GLIBC_FLOOR=2.31   picks the suite, the newest whose glibc is not above it: >= 2.31 -> bullseye
#                      (Debian 11, glibc 2.31), 2.28-2.30 -> buster (Debian 10, glibc 2.28)
#   SUITE=...          the Debian suite instead (bullseye, buster); MIRROR=... its mirror
#                      (default deb.debian.org; buster only from http://archive.debian.org/debian)
#
# Cached under .cache/build-root/:
#   <suite>-py311.tar   the root after debootstrap, the system packages and Python (made once)
#   <suite>/            the unpacked root the builds run in (its venv /opt/venv is synced on each run)
#   src/, apt-archives/, pip/   the Python source tarball, apt's and pip's downloads
# Needs root (debootstrap, chroot, mount) and debootstrap. The checkout is bind-mounted at /src.
set -euo pipefail
cd "$(dirname "$0")/../.."
source installer/linux/common.sh
CHECKOUT=$(pwd)
FLOOR=${GLIBC_FLOOR:-2.31}
if [[ -z "${SUITE:-}" ]]; then
    # the newest suite whose glibc is not above the floor
    if ! version_gt 2.31 "$FLOOR"; then SUITE=bullseye
    elif ! version_gt 2.28 "$FLOOR"; then SUITE=buster
    else echo "build-root: 没有 glibc 不高于 $FLOOR 的构建根目录（支持 2.28=buster、2.31=bullseye；或设置 SUITE=...）" >&2; exit 2
    fi
fi
case "$SUITE" in
bullseye) SUITE_GLIBC=2.31; DEFAULT_MIRROR=http://deb.debian.org/debian ;;
buster) SUITE_GLIBC=2.28; DEFAULT_MIRROR=http://archive.debian.org/debian ;;
*) echo "build-root: 不支持的 SUITE=$SUITE（支持 bullseye、buster）" >&2; exit 2 ;;
esac
MIRROR=${MIRROR:-$DEFAULT_MIRROR}
CACHE=$CHECKOUT/.cache/build-root
BASE=$CACHE/$SUITE-py311.tar
R=$CACHE/$SUITE
# CPython 3.11 from Debian's own source package (the same release Debian 12 ships), checked by hash.
PY_VERSION=3.11.2
PY_TARBALL=python3.11_$PY_VERSION.orig.tar.gz
PY_URL=http://deb.debian.org/debian/pool/main/p/python3.11/$PY_TARBALL
PY_SHA256=2411c74bda5bbcfcddaf4531f66d1adc73f247f529aee981b029513aefdbf849
FLOOR_PINS=requirements/floor-$SUITE_GLIBC.txt

# Build tools and the -dev packages CPython and the sdists (PyGObject, pycairo, pyscard, evdev)
# build against; then what PyInstaller needs (objdump, patchelf) and the run-time libraries
# the bundle links against (installer/system-packages.txt's Qt runtime, libfprint with its
# typelibs, pcsclite, libpulse, hidapi), so the bundle is analysed against this system.
ROOT_PACKAGES=(
    build-essential pkg-config binutils patchelf ca-certificates curl xz-utils swig
    libssl-dev libffi-dev zlib1g-dev libsqlite3-dev libbz2-dev liblzma-dev libreadline-dev uuid-dev
    libgdbm-dev libncursesw5-dev libexpat1-dev
    libgirepository1.0-dev libcairo2-dev libpcsclite-dev linux-libc-dev
    libfprint-2-2 gir1.2-fprint-2.0 gir1.2-glib-2.0 libpcsclite1
    libegl1 libgl1 libxkbcommon0 libfontconfig1 libdbus-1-3 libglib2.0-0 libcups2 libxkbcommon-x11-0
    libxcb-cursor0 libxcb-icccm4 libxcb-keysyms1 libxcb-image0 libxcb-randr0 libxcb-render-util0
    libxcb-shape0 libxcb-xfixes0 libxcb-xkb1 libx11-xcb1 libpulse0 libhidapi-hidraw0 fonts-wqy-zenhei
    libxrandr2
)
# (libxrandr2: Qt Multimedia's FFmpeg plugin links it; Debian 12 has it through other packages)

[[ $(id -u) -eq 0 ]] || { echo "build-root: 需要 root 权限（debootstrap、chroot、mount）。请用 sudo 运行，或在 glibc <= $FLOOR 的构建机上构建。" >&2; exit 1; }
command -v debootstrap >/dev/null || { echo "build-root: 请先安装 debootstrap（apt-get install debootstrap）" >&2; exit 1; }
[[ -f "$FLOOR_PINS" ]] || { echo "build-root: 缺少 $FLOOR_PINS（glibc $SUITE_GLIBC 构建用的版本约束）" >&2; exit 2; }
mkdir -p "$CACHE/src" "$CACHE/apt-archives/partial" "$CACHE/pip"

mounted=()
umount_all() {
    local i
    for ((i=${#mounted[@]}-1; i>=0; i--)); do umount -l "${mounted[$i]}" 2>/dev/null || true; done
    mounted=()
}
trap umount_all EXIT
# rm -rf of a root must never reach through a bind mount into the checkout (a run killed before
# its trap leaves /src mounted): unmount whatever is mounted below it first, and check.
remove_root() {
    local r m
    r=$(realpath -m "$1")
    [[ -e "$r" ]] || return 0
    for m in $(awk -v r="$r/" 'index($5, r) == 1 {print $5}' /proc/self/mountinfo | sort -r); do umount -l "$m" || true; done
    if awk -v r="$r/" 'index($5, r) == 1 {found = 1} END {exit !found}' /proc/self/mountinfo; then
        echo "build-root: $r 下仍有挂载点，不删除" >&2; exit 1
    fi
    rm -rf "$r"
}
mount_into() {  # $1 = root; /proc, /dev, the caches and the checkout
    local r=$1
    mkdir -p "$r/src" "$r/root/.cache/pip" "$r/var/cache/apt/archives"
    mount -t proc proc "$r/proc"; mounted+=("$r/proc")
    mount --bind /dev "$r/dev"; mounted+=("$r/dev")
    mount --bind "$CACHE/apt-archives" "$r/var/cache/apt/archives"; mounted+=("$r/var/cache/apt/archives")
    mount --bind "$CACHE/pip" "$r/root/.cache/pip"; mounted+=("$r/root/.cache/pip")
    mount --bind "$CHECKOUT" "$r/src"; mounted+=("$r/src")
    cp /etc/resolv.conf "$r/etc/resolv.conf"
    # the build host's CA bundle for pip (a build network may inspect TLS with its own CA)
    cp "${PIP_CERT:-${REQUESTS_CA_BUNDLE:-/etc/ssl/certs/ca-certificates.crt}}" "$r/etc/ssl/build-host-ca.crt" 2>/dev/null || true
}
in_root() {  # $1 = root, then the command
    local r=$1; shift
    local cert=()
    [[ -s "$r/etc/ssl/build-host-ca.crt" ]] && cert=(PIP_CERT=/etc/ssl/build-host-ca.crt)
    chroot "$r" env -i PATH=/opt/py311/bin:/usr/sbin:/usr/bin:/sbin:/bin HOME=/root LANG=C.UTF-8 \
        DEBIAN_FRONTEND=noninteractive PIP_DISABLE_PIP_VERSION_CHECK=1 "${cert[@]}" \
        ${http_proxy:+http_proxy=$http_proxy} ${https_proxy:+https_proxy=$https_proxy} ${no_proxy:+no_proxy=$no_proxy} "$@"
}

make_base() {
    local tmp=$CACHE/base.$$ t0
    t0=$(date +%s)
    if [[ ! -f "$CACHE/src/$PY_TARBALL" ]]; then
        echo "build-root: 下载 $PY_TARBALL ..."
        curl -fsSL -o "$CACHE/src/$PY_TARBALL.part" "$PY_URL" \
            || { echo "build-root: 无法下载 $PY_URL" >&2; exit 1; }
        mv "$CACHE/src/$PY_TARBALL.part" "$CACHE/src/$PY_TARBALL"
    fi
    echo "$PY_SHA256  $CACHE/src/$PY_TARBALL" | sha256sum -c --quiet \
        || { echo "build-root: $PY_TARBALL 校验和不符" >&2; rm -f "$CACHE/src/$PY_TARBALL"; exit 1; }
    echo "build-root: debootstrap $SUITE ($MIRROR; once, cached in $BASE) ..."
    remove_root "$tmp"
    mkdir -p "$CACHE/debootstrap-debs"
    debootstrap --variant=minbase --include=ca-certificates --cache-dir="$CACHE/debootstrap-debs" "$SUITE" "$tmp" "$MIRROR" >"$CACHE/debootstrap.log" 2>&1 \
        || { tail -20 "$CACHE/debootstrap.log" >&2; echo "build-root: debootstrap $SUITE 失败（镜像 $MIRROR 不可达？）" >&2; exit 1; }
    mount_into "$tmp"
    printf '#!/bin/sh\nexit 101\n' > "$tmp/usr/sbin/policy-rc.d"; chmod +x "$tmp/usr/sbin/policy-rc.d"
    echo "build-root: apt-get install (${#ROOT_PACKAGES[@]} packages) ..."
    in_root "$tmp" apt-get update -qq
    in_root "$tmp" apt-get install -y -qq --no-install-recommends "${ROOT_PACKAGES[@]}" >"$CACHE/apt.log" 2>&1 \
        || { tail -30 "$CACHE/apt.log" >&2; exit 1; }
    echo "build-root: CPython $PY_VERSION (/opt/py311, shared, no PGO) ..."
    mkdir -p "$tmp/tmp/pybuild"
    tar -C "$tmp/tmp/pybuild" --strip-components=1 -xzf "$CACHE/src/$PY_TARBALL"
    in_root "$tmp" sh -c 'cd /tmp/pybuild && ./configure --enable-shared --prefix=/opt/py311 --with-ensurepip=install \
            LDFLAGS=-Wl,-rpath,/opt/py311/lib && nice -n 10 make -j2 && make install' >"$CACHE/python-build.log" 2>&1 \
        || { tail -30 "$CACHE/python-build.log" >&2; echo "build-root: CPython 编译失败，见 $CACHE/python-build.log" >&2; exit 1; }
    for mod in ssl sqlite3 ctypes lzma bz2 zlib readline uuid; do
        in_root "$tmp" /opt/py311/bin/python3.11 -c "import $mod" \
            || { echo "build-root: 构建的 Python 缺少模块 $mod，见 $CACHE/python-build.log" >&2; exit 1; }
    done
    rm -rf "$tmp/tmp/pybuild"
    umount_all
    rm -f "$tmp/etc/resolv.conf"
    echo "build-root: tar $BASE ..."
    tar -C "$tmp" -cf "$BASE.part" . && mv "$BASE.part" "$BASE"
    remove_root "$tmp"
    echo "build-root: base root $SUITE + CPython $PY_VERSION ready in $(( $(date +%s) - t0 )) s"
}

# numpy without BLAS / LAPACK over the lock's wheel (requirements/floor-<glibc>-noblas.txt says why):
# built once from the hash-checked sdist (nice, -j2), the wheel kept in the pip cache (the venv is
# made afresh on every re-sync); skipped when the venv's numpy already has no BLAS.
numpy_without_blas() {
    local spec=requirements/floor-$SUITE_GLIBC-noblas.txt want lock_v blas wheel_dir t0
    [[ -f "$spec" ]] || return 0
    want=$(sed -n 's/^numpy==\([^ ]*\) .*/\1/p' "$spec")
    lock_v=$(sed -n 's/^numpy==\([^ ]*\).*/\1/p' requirements/lock.txt)
    [[ "$want" == "$lock_v" ]] || { echo "build-root: $spec 的 numpy $want 与 requirements/lock.txt 的 $lock_v 不一致：请更新版本和 sdist 的 sha256" >&2; exit 2; }
    # the built wheel is kept per content of the spec file (version, hash, meson options)
    wheel_dir=/root/.cache/pip/noblas/$(sha256sum "$spec" | cut -c1-16)
    blas=$(in_root "$R" /opt/venv/bin/python -c 'import numpy; print(numpy.__version__, numpy.show_config(mode="dicts")["Build Dependencies"]["blas"].get("found", False))')
    [[ "$blas" == "$want False" ]] && return 0
    t0=$(date +%s)
    if ! ls "$R$wheel_dir"/numpy-"$want"-*.whl >/dev/null 2>&1; then
        echo "build-root: numpy $want 不带 BLAS，从 sdist 编译（一次，约 10 分钟） ..."
        # the meson options are on the spec's requirement line (pip does not hand command-line -C
        # options to it); --no-cache-dir: pip's own wheel cache would hand back a numpy built with
        # other options; -v: meson's "User defined options" go into the log, checked below
        in_root "$R" sh -c "cd /src && nice -n 10 /opt/venv/bin/python -m pip wheel -v --no-cache-dir --no-deps \
                --no-binary numpy --require-hashes -r $spec -w $wheel_dir.part" >"$CACHE/numpy-build.log" 2>&1 \
            || { tail -40 "$CACHE/numpy-build.log" >&2; echo "build-root: numpy 编译失败，见 $CACHE/numpy-build.log" >&2; exit 1; }
        grep -qE '^ +blas +: none' "$CACHE/numpy-build.log" && grep -qE '^ +lapack +: none' "$CACHE/numpy-build.log" \
            || { echo "build-root: numpy 的 meson 选项（blas/lapack: none）没有生效，见 $CACHE/numpy-build.log" >&2; exit 1; }
        mkdir -p "$R$wheel_dir"; mv "$R$wheel_dir".part/numpy-"$want"-*.whl "$R$wheel_dir/"; rm -rf "$R$wheel_dir.part"
    fi
    in_root "$R" sh -c "/opt/venv/bin/python -m pip install -q --no-deps --force-reinstall $wheel_dir/numpy-$want-*.whl"
    blas=$(in_root "$R" /opt/venv/bin/python -c 'import numpy; print(numpy.__version__, numpy.show_config(mode="dicts")["Build Dependencies"]["blas"].get("found", False))')
    [[ "$blas" == "$want False" ]] || { echo "build-root: numpy 仍带 BLAS：$blas" >&2; exit 1; }
    echo "build-root: numpy $want without BLAS in /opt/venv ($(( $(date +%s) - t0 )) s)"
}

# (all of it in a function: bash reads a script while running it, and this one runs for minutes)
main() {
    # one build at a time per root (they share its mounts and its venv)
    exec 9>"$CACHE/$SUITE.lock"
    flock -n 9 || { echo "build-root: 另一个构建正在使用构建根目录 $SUITE，等待 ..."; flock 9; }
    [[ -f "$BASE" ]] || make_base
    if [[ ! -x "$R/opt/py311/bin/python3.11" ]]; then
        remove_root "$R"; mkdir -p "$R"
        tar -C "$R" -xf "$BASE"
    fi
    # a previous run killed before its trap: its mounts are still there
    for m in $(awk -v r="$(realpath -m "$R")/" 'index($5, r) == 1 {print $5}' /proc/self/mountinfo | sort -r); do umount -l "$m" || true; done
    mount_into "$R"
    # packages added to ROOT_PACKAGES since the base was made
    local missing=() pkg
    for pkg in "${ROOT_PACKAGES[@]}"; do
        [[ "$(in_root "$R" dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null)" == "install ok installed" ]] || missing+=("$pkg")
    done
    if [[ ${#missing[@]} -gt 0 ]]; then
        echo "build-root: apt-get install ${missing[*]} ..."
        in_root "$R" apt-get update -qq
        in_root "$R" apt-get install -y -qq --no-install-recommends "${missing[@]}" >"$CACHE/apt.log" 2>&1 \
            || { tail -30 "$CACHE/apt.log" >&2; exit 1; }
    fi

    # The venv: the app's run-time and packaging dependencies at the lock's versions, except PySide6
    # and whatever else the floor's constraints file pins (wheels that run on this glibc).
    t0=$(date +%s)
    stamp=$R/opt/venv/.synced
    want=$(cat pyproject.toml setup.py requirements/lock.txt "$FLOOR_PINS" | sha256sum | cut -d' ' -f1)
    if [[ ! -f "$stamp" || "$(cat "$stamp")" != "$want" ]]; then
        echo "build-root: venv /opt/venv (lock + $FLOOR_PINS) ..."
        mkdir -p "$R/tmp/floor"
        floor_constraints requirements/lock.txt "$FLOOR_PINS" > "$R/tmp/floor/lock.txt"
        # a fresh venv each time: what the lock no longer names must not stay behind in the bundle
        rm -rf "$R/opt/venv"
        in_root "$R" /opt/py311/bin/python3.11 -m venv /opt/venv
        in_root "$R" /opt/venv/bin/python -m pip install -q --upgrade pip setuptools wheel
        in_root "$R" sh -c 'cd /src && /opt/venv/bin/python -m pip install -q -c /tmp/floor/lock.txt \
                ".[central,fingerprint,scanner,package]"' >"$CACHE/pip.log" 2>&1 \
            || { tail -40 "$CACHE/pip.log" >&2; echo "build-root: 在构建根目录中安装依赖失败，见 $CACHE/pip.log" >&2; exit 1; }
        echo "$want" > "$stamp"
        echo "build-root: venv synced in $(( $(date +%s) - t0 )) s ($(in_root "$R" /opt/venv/bin/python -c 'import PySide6; print("PySide6", PySide6.__version__)'))"
    fi

    numpy_without_blas

    case "${1:-}" in
    run)
        shift
        # the build identifier from the host's checkout (a worktree's git dir is outside /src)
        local build_id=${COUNTER_BUILD_ID:-$(PYTHONPATH=. python3 -c 'from pathlib import Path; from counter_protocol.build import stamp; print(stamp(Path(".")))' 2>/dev/null || true)}
        in_root "$R" sh -c 'cd /src && exec "$@"' sh env PY=/opt/venv/bin/python ${build_id:+COUNTER_BUILD_ID=$build_id} \
            ${GLIBC_FLOOR:+GLIBC_FLOOR=$GLIBC_FLOOR} ${DEB_FLAVOUR:+DEB_FLAVOUR=$DEB_FLAVOUR} \
            ${DEB_VERSION:+DEB_VERSION=$DEB_VERSION} ${REUSE_BUNDLE:+REUSE_BUNDLE=$REUSE_BUNDLE} \
            ${DEB_XZ_LEVEL:+DEB_XZ_LEVEL=$DEB_XZ_LEVEL} COUNTER_BUILD_ROOT="$SUITE" "$@"
        ;;
    shell) in_root "$R" sh -c 'cd /src && exec bash' ;;
    "") ;;
    *) echo "build-root: 用法：build-root.sh [run CMD ... | shell]" >&2; exit 2 ;;
    esac
}

main "$@"; exit
