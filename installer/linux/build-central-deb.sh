#!/usr/bin/env bash
# make package (second half): the central service as a .deb — its own PyInstaller bundle (no Qt)
# in /opt/counter-central, a systemd template unit (one worker per port), configuration in
# /etc/counter-central/central.env (conffile), PostgreSQL as its store; postinst backs the
# database up and migrates it on every install/upgrade. Same environment as build-deb.sh
# (GLIBC_FLOOR, DEB_VERSION, REUSE_BUNDLE).
set -euo pipefail
cd "$(dirname "$0")/../.."
here=installer/linux
source "$here/common.sh"
PY=${PY:-.venv/bin/python}
PKG=counter-central
FLOOR=${GLIBC_FLOOR:-$DEFAULT_GLIBC_FLOOR}
VERSION=${DEB_VERSION:-$(app_version)}
maybe_build_in_root installer/linux/build-central-deb.sh "$FLOOR"
check_glibc_floor "$FLOOR"

t0=$(date +%s)
bundle=build/bundle/counter-central
if [[ "${REUSE_BUNDLE:-0}" != 1 || ! -x "$bundle/counter-central" ]]; then
    echo "package-central: PyInstaller bundle ..."
    rm -rf "$bundle"
    "$PY" -m PyInstaller --noconfirm --log-level WARN --distpath build/bundle \
        --workpath "build/pyinstaller-central${COUNTER_BUILD_ROOT:+-$COUNTER_BUILD_ROOT}" installer/pyinstaller/counter-central.spec
fi
t1=$(date +%s)
measured=$(measured_glibc_floor "$bundle")
if version_gt "$measured" "$FLOOR"; then
    echo "package-central: 打包结果需要 glibc $measured，高于承诺的下限 $FLOOR。" >&2
    exit 3
fi
libpkgs_text=$(system_library_packages "$bundle") || exit 4
mapfile -t libpkgs <<<"$libpkgs_text"
depends=$(printf '%s\n' "libc6 (>= $measured)" adduser "postgresql-client" "${libpkgs[@]}" | grep -v '^libc6$' \
          | awk '!seen[$0]++' | paste -sd, | sed 's/,/, /g')

stage=build/deb/$PKG
rm -rf "$stage"
mkdir -p "$stage/DEBIAN" "$stage/opt/$PKG" "$stage/etc/$PKG" "$stage/lib/systemd/system" \
         "$stage/usr/bin" "$stage/usr/share/doc/$PKG"
cp -a "$bundle/." "$stage/opt/$PKG/"
ln -s "/opt/$PKG/counter-central" "$stage/usr/bin/counter-central"
install -m 0640 "$here/central/central.env" "$stage/etc/$PKG/central.env"
install -m 0644 "$here/central/counter-central@.service" "$here/central/counter-central.target" "$stage/lib/systemd/system/"
install -m 0644 docs/deployment.md "$stage/usr/share/doc/$PKG/deployment.md"
install -m 0755 "$here/central/postinst" "$here/central/prerm" "$here/central/postrm" "$stage/DEBIAN/"
echo "/etc/$PKG/central.env" > "$stage/DEBIAN/conffiles"
cat > "$stage/DEBIAN/control" <<CONTROL
Package: $PKG
Version: $VERSION
Architecture: amd64
Maintainer: 深圳市社会保险基金管理局信息中心 <counter-app@szsi.internal>
Installed-Size: $(du -sk --exclude=DEBIAN "$stage" | cut -f1)
Depends: $depends
Recommends: postgresql (>= 13), nginx | haproxy
Section: net
Priority: optional
Homepage: https://git.szsi.internal/counter-app
Description: 社保柜面中心服务 - central service of the counter client
 Receives the counter workstations' outbox (sync), issues document numbers,
 publishes reference data and signs the clerks in. PostgreSQL is its store;
 each worker is an instance of counter-central@PORT.service behind a reverse
 proxy. The database is backed up (pg_dump) before every schema migration the
 package runs on upgrade. See /usr/share/doc/counter-central/deployment.md.
CONTROL
mkdir -p dist
deb=dist/${PKG}_${VERSION}_amd64.deb
dpkg-deb --root-owner-group -Zxz -z6 --build "$stage" "$deb" >/dev/null
t2=$(date +%s)
echo "package-central: $deb  ($(awk "BEGIN {printf \"%.1f\", $(stat -c %s "$deb")/1048576}") MB; bundle $(du -sm "$bundle" | cut -f1) MB; glibc floor $measured; PyInstaller $((t1-t0)) s, .deb $((t2-t1)) s)"
echo "package-central: Depends: $depends"
