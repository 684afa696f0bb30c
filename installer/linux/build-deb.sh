#!/usr/bin/env bash
# make package: the counter client as a PyInstaller one-folder bundle and a .deb in the UOS
# app-store layout, into dist/.
#
#   /opt/apps/<appid>/files/    the bundle (counter-app executable + its libraries and data)
#   /opt/apps/<appid>/entries/  applications/<appid>.desktop, icons/hicolor/{scalable,256x256}/apps/
#   /opt/apps/<appid>/info      JSON metadata
#
# Environment:
#   GLIBC_FLOOR=2.31   the lowest glibc the package promises (UOS V20 / Kylin V10: 2.28-2.31).
#                      On a machine with a newer glibc the build runs again inside the floor's
#                      build root (installer/linux/build-root.sh: a Debian chroot with that glibc).
#   BUILD_ROOT=0       never use the build root: the build then refuses a machine whose glibc is
#                      newer than GLIBC_FLOOR (raise the floor to build here: GLIBC_FLOOR=2.36).
#   DEB_FLAVOUR=uos    uos: nothing outside /opt/apps (app-store rule);
#                      debian: also /usr/bin/counter-app, the menu entry, the icon and the
#                      fingerprint udev rule in the system's directories (plain Debian / Kylin).
#   DEB_VERSION=...    override the four-part version (package-test builds a "newer" .deb).
#   REUSE_BUNDLE=1     reuse build/bundle/counter-app from the last run (no PyInstaller).
#   DEB_XZ_LEVEL=6     xz level of the .deb (package-test builds its throw-away "next version" at 1).
set -euo pipefail
cd "$(dirname "$0")/../.."
here=installer/linux
source "$here/common.sh"

PY=${PY:-.venv/bin/python}
APPID=cn.gov.szsi.counter-app
FLOOR=${GLIBC_FLOOR:-$DEFAULT_GLIBC_FLOOR}
FLAVOUR=${DEB_FLAVOUR:-uos}
VERSION=${DEB_VERSION:-$(app_version)}
[[ "$VERSION" =~ ^[0-9]+\.[0-9]+\.[0-9]+\.[0-9]+$ ]] || { echo "package: 版本号必须是四段数字：$VERSION" >&2; exit 2; }
[[ "$APPID" == "${APPID,,}" ]] || { echo "package: appid 必须全部小写：$APPID" >&2; exit 2; }
case "$FLAVOUR" in uos|debian) ;; *) echo "package: DEB_FLAVOUR 只能是 uos 或 debian" >&2; exit 2;; esac

maybe_build_in_root installer/linux/build-deb.sh "$FLOOR"
check_glibc_floor "$FLOOR"

t0=$(date +%s)
bundle=build/bundle/counter-app
# where the bundle was made (package-test rebuilds its "next version" the same way)
built_env=build/bundle/counter-app.build-env
if [[ "${REUSE_BUNDLE:-0}" != 1 || ! -x "$bundle/counter-app" ]]; then
    echo "package: PyInstaller bundle ..."
    rm -rf "$bundle"   # build/pyinstaller keeps PyInstaller's cache (stripped binaries) between builds
    # Not from the checkout's translations only: the .qm must exist (make setup builds it).
    test -f resources/i18n/counter_app_en.qm || { echo "package: 缺少 resources/i18n/counter_app_en.qm，请先 make setup" >&2; exit 2; }
    test -f resources/i18n/catalog_en.qm || { echo "package: 缺少 resources/i18n/catalog_en.qm，请先 make setup" >&2; exit 2; }
    "$PY" -m PyInstaller --noconfirm --log-level WARN --distpath build/bundle \
        --workpath "build/pyinstaller${COUNTER_BUILD_ROOT:+-$COUNTER_BUILD_ROOT}" installer/pyinstaller/counter-app.spec
    printf 'GLIBC_FLOOR=%s\nBUILT_IN=%s\n' "$FLOOR" "${COUNTER_BUILD_ROOT:-host}" > "$built_env"
fi
t1=$(date +%s)

measured=$(measured_glibc_floor "$bundle")
if version_gt "$measured" "$FLOOR"; then
    echo "package: 打包结果需要 glibc $measured，高于承诺的下限 $FLOOR（某个二进制文件是在较新的系统上构建的）。" >&2
    exit 3
fi

echo "package: dependencies ..."
libpkgs_text=$(system_library_packages "$bundle") || exit 4
mapfile -t libpkgs <<<"$libpkgs_text"
# Loaded at run time, not linked: libfprint through its typelib, the CJK font, CUPS' lp tools,
# the PC/SC daemon the readers talk through, PulseAudio's client library (Qt Multimedia's FFmpeg
# plugin for the 高拍仪), and a Secret Service: the local store's SQLCipher key and the login
# tokens live only in the desktop keyring (no plaintext fallback), so without one the store
# cannot be opened.
runtime=("libc6 (>= $measured)" pcscd libpcsclite1 libfprint-2-2 gir1.2-fprint-2.0 gir1.2-glib-2.0
         libxcb-cursor0 fontconfig "fonts-wqy-zenhei | fonts-noto-cjk | fonts-arphic-ukai" cups-client
         libpulse0 "gnome-keyring | keepassxc")
depends=$(printf '%s\n' "${runtime[@]}" "${libpkgs[@]}" | grep -v '^libc6$' | awk '!seen[$0]++' | paste -sd, | sed 's/,/, /g')

stage=build/deb/$APPID
rm -rf "$stage"
root=$stage/opt/apps/$APPID
mkdir -p "$root/files" "$root/entries/applications" "$root/entries/icons/hicolor/scalable/apps" \
         "$root/entries/icons/hicolor/256x256/apps" "$stage/DEBIAN"
cp -a "$bundle/." "$root/files/"
mkdir -p "$root/files/share/udev"
cp "$here/fingerprint-uaccess.rules" "$root/files/share/udev/71-$APPID-fingerprint.rules"
cp "$here/counter-app.svg" "$root/entries/icons/hicolor/scalable/apps/$APPID.svg"
"$PY" "$here/render_icon.py" "$here/counter-app.svg" "$root/entries/icons/hicolor/256x256/apps/$APPID.png" 256

cat > "$root/entries/applications/$APPID.desktop" <<DESKTOP
[Desktop Entry]
Type=Application
Version=1.0
Name=Social Insurance Counter
Name[zh_CN]=社保窗口柜面客户端
GenericName=Counter service client
GenericName[zh_CN]=社保柜面业务
Comment=Counter service for workers' basic old-age insurance (DB4403/T 254.1-2022)
Comment[zh_CN]=职工基本养老保险窗口受理、告知书打印、指纹采集
Exec=/opt/apps/$APPID/files/counter-app gui
Icon=$APPID
Terminal=false
Categories=Office;
StartupNotify=true
StartupWMClass=counter-app
DESKTOP

cat > "$root/info" <<INFO
{
  "appid": "$APPID",
  "name": "社保窗口柜面客户端",
  "version": "$VERSION",
  "arch": ["amd64"],
  "permissions": {
    "autostart": false,
    "notification": false,
    "trayicon": false,
    "clipboard": true,
    "account": false,
    "bluetooth": false,
    "camera": false,
    "audio_record": false,
    "installed_apps": false
  }
}
INFO

if [[ "$FLAVOUR" == debian ]]; then
    mkdir -p "$stage/usr/bin" "$stage/usr/share/applications" "$stage/usr/share/icons/hicolor/scalable/apps" \
             "$stage/usr/lib/udev/rules.d"
    ln -s "/opt/apps/$APPID/files/counter-app" "$stage/usr/bin/counter-app"
    ln -s "/opt/apps/$APPID/entries/applications/$APPID.desktop" "$stage/usr/share/applications/$APPID.desktop"
    ln -s "/opt/apps/$APPID/entries/icons/hicolor/scalable/apps/$APPID.svg" \
          "$stage/usr/share/icons/hicolor/scalable/apps/$APPID.svg"
    cp "$here/fingerprint-uaccess.rules" "$stage/usr/lib/udev/rules.d/71-$APPID-fingerprint.rules"
fi

if [[ "$FLAVOUR" == debian ]]; then
    # Printed notices carry the applicant's name and ID number: CUPS must not keep a completed job's
    # file (PreserveJobFiles defaults to a day in CUPS 2.4). cupsctl is the supported way to change
    # cupsd.conf (it restarts the scheduler). The uos flavour may not run maintainer scripts (app-store
    # rule): there the administrator runs it (docs/deployment.md), and counter-app doctor warns until it is set.
    cat > "$stage/DEBIAN/postinst" <<'POSTINST'
#!/bin/sh
set -e
if [ "$1" = configure ] && command -v cupsctl >/dev/null 2>&1; then
    cupsctl PreserveJobFiles=No 2>/dev/null \
        || echo "counter-app: 未能设置打印服务 PreserveJobFiles=No（打印服务未运行？），请管理员执行 cupsctl PreserveJobFiles=No" >&2
fi
exit 0
POSTINST
    chmod 0755 "$stage/DEBIAN/postinst"
fi

installed_kb=$(du -sk --exclude=DEBIAN "$stage" | cut -f1)
cat > "$stage/DEBIAN/control" <<CONTROL
Package: $APPID
Version: $VERSION
Architecture: amd64
Maintainer: 深圳市社会保险基金管理局信息中心 <counter-app@szsi.internal>
Installed-Size: $installed_kb
Depends: $depends
Recommends: libhidapi-hidraw0
Suggests: fprintd
Section: utils
Priority: optional
Homepage: https://git.szsi.internal/counter-app
Description: 社保窗口柜面客户端 - counter client for old-age insurance windows
 The counter clerk's desktop client of Shenzhen's social insurance windows
 (DB4403/T 254.1-2022): service picker, social security card reading (PC/SC),
 materials checklist and outcome, notices printed over CUPS, fingerprint
 capture (libfprint), offline store with sync to the central service.
 .
 Configuration and the local store live in the clerk's home directory
 (~/.config/counter-app, ~/.local/share/counter-app); package upgrades never
 touch them, and the app migrates its store (with a backup) when it opens it.
 The store is encrypted (SQLCipher); its key is kept in the desktop keyring
 (Secret Service: gnome-keyring), unlocked by the clerk's desktop login.
 libhidapi-hidraw0 is needed only for a Hanvon signature pad (signpad.backend = hid).
 Lowest glibc: $measured (built for the floor $FLOOR).
CONTROL

mkdir -p dist
deb=dist/${APPID}_${VERSION}_amd64.deb
echo "package: dpkg-deb ..."
dpkg-deb --root-owner-group -Zxz -z"${DEB_XZ_LEVEL:-6}" --build "$stage" "$deb" >/dev/null
t2=$(date +%s)
bundle_mb=$(du -sm "$bundle" | cut -f1)
deb_mb=$(awk "BEGIN {printf \"%.1f\", $(stat -c %s "$deb")/1048576}")
echo "package: $deb  ($deb_mb MB; bundle $bundle_mb MB unpacked; glibc floor $measured; built in ${COUNTER_BUILD_ROOT:-this machine} (glibc $(host_glibc)); PyInstaller $((t1-t0)) s, .deb $((t2-t1)) s)"
echo "package: Depends: $depends"
