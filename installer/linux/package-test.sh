#!/usr/bin/env bash
# make package-test: install the .debs into a clean Debian 12 root and use them there
# (PACKAGE_TEST_SUITE=bullseye: a Debian 11 root, glibc 2.31, the floor the packages are built for).
#
#  1. a minimal Debian 12 root from debootstrap (made once, kept as a tarball in .cache/package-test;
#     every run unpacks a fresh copy), apt's downloads cached beside it;
#  2. the PREVIOUS client .deb (dist/, version bumped down by one in the last part if none is
#     given: PREV_DEB=...) and the centre's .deb installed with apt-get (Depends resolved);
#  3. as an ordinary user: `counter-app config init`, `counter-app doctor --json`, and an offscreen
#     start of the window: the centre (from its .deb, on SQLite with the demo users) answers the
#     login, the main window comes up and the app exits when idle, leaving a screenshot;
#  4. a store holding cases at the previous schema revision and unencrypted, as releases before
#     encryption at rest left it (made by the app's own workflows, tests/packaging/make_store_with_cases.py),
#     then the NEW .deb installed over the old one: config unchanged, cases still there, the store
#     encrypted (key in the clerk's keyring) and migrated with its backup;
#  5. a store stamped by a newer version is refused with the clear message;
#  6. the centre's package on the distribution's PostgreSQL: reinstalling runs its postinst,
#     which takes a pg_dump and then migrates.
# Needs root (chroot, mount). Not part of `make test`: it takes minutes.
set -euo pipefail
cd "$(dirname "$0")/../.."
source installer/linux/common.sh
APPID=cn.gov.szsi.counter-app
CENTRAL=counter-central
# PACKAGE_TEST_SUITE=bullseye: the same in a Debian 11 root, a system at the packages' glibc floor
SUITE=${PACKAGE_TEST_SUITE:-bookworm}
case "$SUITE" in bookworm|bullseye) ;; *) echo "package-test: PACKAGE_TEST_SUITE 只能是 bookworm 或 bullseye" >&2; exit 2;; esac
MIRROR=${DEBIAN_MIRROR:-http://deb.debian.org/debian}
CACHE=.cache/package-test
BASE=$CACHE/$SUITE-minbase.tar
ARCHIVES=$CACHE/apt-archives   # apt's downloads, one folder per suite
[[ "$SUITE" == bookworm ]] || ARCHIVES=$CACHE/apt-archives-$SUITE
# the D-Bus session daemon: its own package from Debian 12 on, part of "dbus" before
DBUS_PKG=dbus-daemon; [[ "$SUITE" == bullseye ]] && DBUS_PKG=dbus
[[ $(id -u) -eq 0 ]] || { echo "package-test: 需要 root 权限（chroot、mount）" >&2; exit 1; }
command -v debootstrap >/dev/null || { echo "package-test: 请先安装 debootstrap（apt-get install debootstrap）" >&2; exit 1; }
mkdir -p "$ARCHIVES/partial"
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

# ---------------------------------------------------------------- the packages under test
VERSION=$(app_version)
IFS=. read -r v1 v2 v3 v4 <<<"$VERSION"
NEXT="$v1.$v2.$v3.$((v4 + 1))"
OLD_DEB=${PREV_DEB:-dist/${APPID}_${VERSION}_amd64.deb}
NEW_DEB=dist/${APPID}_${NEXT}_amd64.deb
CENTRAL_DEB=dist/${CENTRAL}_${VERSION}_amd64.deb
for f in "$OLD_DEB" "$CENTRAL_DEB"; do
    [[ -f "$f" ]] || { echo "package-test: 缺少 $f，请先运行 make package" >&2; exit 1; }
done
if [[ ! -f "$NEW_DEB" || "$OLD_DEB" -nt "$NEW_DEB" ]]; then  # "the next release": the same bundle, a bumped version
    # where and for which floor the bundle was made (in the build root: the .deb is put together
    # there again, so its Depends are that distribution's names)
    built_floor=$(sed -n 's/^GLIBC_FLOOR=//p' build/bundle/counter-app.build-env 2>/dev/null)
    DEB_XZ_LEVEL=1 DEB_VERSION=$NEXT REUSE_BUNDLE=1 GLIBC_FLOOR=${GLIBC_FLOOR:-${built_floor:-$(host_glibc)}} \
        installer/linux/build-deb.sh >/dev/null
fi
OUT=build/package-test
rm -rf "$OUT"; mkdir -p "$OUT"
# made with a throw-away plaintext keyring in a throw-away home: the result is an unencrypted store
keyhome=$(mktemp -d)
PYTHON_KEYRING_BACKEND=keyrings.alt.file.PlaintextKeyring COUNTER_APP_ALLOW_PLAINTEXT_KEYRING=1 HOME=$keyhome \
    XDG_DATA_HOME=$keyhome/data XDG_CONFIG_HOME=$keyhome/config PYTHONPATH=$PWD \
    .venv/bin/python tests/packaging/make_store_with_cases.py "$OUT/store-with-cases.sqlite3" 3
rm -rf "$keyhome"

# ---------------------------------------------------------------- a fresh root from the cached base
R=$(realpath "$CACHE")/root.$$
mkdir -p "$R"
mounted=()
cleanup() {
    [[ -n "${CENTRAL_PID:-}" ]] && kill "$CENTRAL_PID" 2>/dev/null
    sleep 0.5
    for ((i=${#mounted[@]}-1; i>=0; i--)); do
        case "${mounted[$i]}" in
        pg:*) chroot "$R" pg_ctlcluster "${mounted[$i]#pg:}" main stop >/dev/null 2>&1 || true ;;
        *) umount -l "${mounted[$i]}" 2>/dev/null || true ;;
        esac
    done
    rm -rf "$R"
}
trap cleanup EXIT
tar -C "$R" -xf "$BASE"
mount -t proc proc "$R/proc"; mounted+=("$R/proc")
mount --bind /dev "$R/dev"; mounted+=("$R/dev")
mount --bind "$(realpath "$ARCHIVES")" "$R/var/cache/apt/archives"; mounted+=("$R/var/cache/apt/archives")
cp /etc/resolv.conf "$R/etc/resolv.conf"
printf '#!/bin/sh\nexit 101\n' > "$R/usr/sbin/policy-rc.d"; chmod +x "$R/usr/sbin/policy-rc.d"  # no daemons start in the chroot
mkdir -p "$R/tmp/debs"
cp "$OLD_DEB" "$NEW_DEB" "$CENTRAL_DEB" "$R/tmp/debs/"
in_root() { chroot "$R" env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin LANG=C.UTF-8 DEBIAN_FRONTEND=noninteractive "$@"; }
# chroot --userspec resolves names on the host: use the root's numeric ids
as_clerk() { chroot --userspec="$CLERK_IDS" "$R" env -i PATH=/usr/bin:/bin HOME=/home/clerk LANG=C.UTF-8 \
                 XDG_RUNTIME_DIR=/tmp/clerk-run QT_QPA_PLATFORM=offscreen "$@"; }
# ... inside a D-Bus session with the clerk's unlocked gnome-keyring, as a desktop login gives it:
# the local store's SQLCipher key and the login tokens live only there (no plaintext keyring).
as_clerk_k() { as_clerk dbus-run-session -- sh -c \
                   'printf clerk | gnome-keyring-daemon --unlock --components=secrets >/dev/null 2>&1; exec "$@"' sh "$@"; }
fail() { echo "package-test: FAIL: $*" >&2; exit 1; }

t2=$(date +%s)
echo "package-test: apt-get install $(basename "$OLD_DEB") $(basename "$CENTRAL_DEB") ..."
in_root apt-get update -qq
in_root apt-get install -y -qq --no-install-recommends "/tmp/debs/$(basename "$OLD_DEB")" \
    "/tmp/debs/$(basename "$CENTRAL_DEB")" > "$OUT/apt-install.log" 2>&1 || { tail -30 "$OUT/apt-install.log" >&2; fail "apt-get install"; }
grep -E "counter-central:" "$OUT/apt-install.log" || true
t3=$(date +%s)
echo "package-test: installed ($((t3 - t2)) s; root $(du -smx "$R" | cut -f1) MB)"
in_root dpkg-query -W -f='${Package} ${Version}\n' "$APPID" "$CENTRAL"
# Every ELF file of the installed bundles finds all its NEEDED libraries (and their symbol
# versions) in this root, as the bootloader runs them (LD_LIBRARY_PATH = _internal): the bundle
# leaves the system's libraries to the distribution (installer/pyinstaller/bundle_rules.py,
# from_system), so a library wrongly left out, or a Depends that does not bring it, fails here.
ldd_check() {  # $1 = the bundle's folder in the root, $2 = report file
    in_root sh -c '
        find "$1" -type f \( -name "*.so*" -o -perm -u+x \) | {
            n=0
            while IFS= read -r f; do
                [ "$(head -c 4 "$f" | od -An -c | tr -d " ")" = "177ELF" ] || continue
                n=$((n + 1))
                LD_LIBRARY_PATH="$1/_internal" ldd "$f" 2>&1 | grep "not found" | sed "s|^|$f: |"
            done
            echo "$n ELF files" >&2
        }' sh "$1" > "$2" 2> "$2.count"
    if [[ -s "$2" ]]; then
        head -40 "$2" >&2
        fail "$(wc -l < "$2") unresolved libraries in $1 (ldd in the $SUITE root; all in $2)"
    fi
    echo "package-test: ldd: $(cat "$2.count") of $1, every NEEDED library resolved"
}
ldd_check "/opt/apps/$APPID/files" "$OUT/ldd-client.txt"
ldd_check /opt/$CENTRAL "$OUT/ldd-central.txt"
in_root useradd -m -s /bin/bash clerk
in_root install -d -o clerk -g clerk -m 0700 /tmp/clerk-run
CLERK_IDS="$(in_root id -u clerk):$(in_root id -g clerk)"
# the desktop's keyring (the app keeps its tokens there): what a UOS / Debian desktop session has
in_root apt-get install -y -qq --no-install-recommends gnome-keyring "$DBUS_PKG" >> "$OUT/apt-install.log" 2>&1 \
    || { tail -20 "$OUT/apt-install.log" >&2; fail "apt-get install gnome-keyring"; }

# The centre from its package, on SQLite with the demo users (the chroot runs no PostgreSQL
# server; the package's PostgreSQL path is the production one, docs/deployment.md).
PORT=$(.venv/bin/python -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
chroot --userspec="$(in_root id -u counter-central):$(in_root id -g counter-central)" "$R" env -i PATH=/usr/bin:/bin LANG=C.UTF-8 \
    COUNTER_CENTRAL_DB=sqlite:////var/lib/counter-central/central.sqlite3 \
    /opt/counter-central/counter-central serve --host 127.0.0.1 --port "$PORT" --seed-demo > "$OUT/central.log" 2>&1 &
CENTRAL_PID=$!
for _ in $(seq 100); do curl -sf "http://127.0.0.1:$PORT/api/v1/health" >/dev/null 2>&1 && break; sleep 0.3; done
curl -sf "http://127.0.0.1:$PORT/api/v1/health" >/dev/null || { cat "$OUT/central.log" >&2; fail "the centre from the .deb did not start"; }
echo "package-test: centre from $(basename "$CENTRAL_DEB") answers on port $PORT"
# deployment.md: the centre's admin registers the workstation to its office (security: logins
# come only from registered workstations; the demo seed's clerk01 works in office FT)
chroot --userspec="$(in_root id -u counter-central):$(in_root id -g counter-central)" "$R" env -i PATH=/usr/bin:/bin LANG=C.UTF-8 \
    /opt/counter-central/counter-central workstations add FT-W01 --office FT --name "福田分局 1 号窗口" \
    --db sqlite:////var/lib/counter-central/central.sqlite3 > "$OUT/workstation-add.txt" 2>&1 \
    || { cat "$OUT/workstation-add.txt" >&2; fail "counter-central workstations add"; }
# its data travels in the bundle (counter_app/resource_files, found on sys.path): the demo seed
# published the shipped catalog, authorisation table and parameters (before: none, outside a checkout)
published=$(chroot --userspec="$(in_root id -u counter-central):$(in_root id -g counter-central)" "$R" env -i PATH=/usr/bin:/bin LANG=C.UTF-8 \
    /opt/counter-central/counter-central reference list --db sqlite:////var/lib/counter-central/central.sqlite3 --json \
    | .venv/bin/python -c 'import json,sys; print(",".join(sorted({d["name"] for d in json.load(sys.stdin)})))')
case ",$published," in *,authorisation,*catalog,*policy_params,*) echo "package-test: the centre's seed published $published";;
    *) fail "the installed centre's seed published [$published], not the shipped reference data";; esac
# its key files: made by its first start, as its own user, under COUNTER_APP_HOME of
# /etc/counter-central/central.env, which every counter-central command reads (before: in the
# account's home, /nonexistent, which it cannot write — the centre did not start)
made=$(in_root stat -c '%U %a' /var/lib/counter-central/central-config/entry-key) \
    || fail "the installed centre made no entry key in /var/lib/counter-central/central-config"
[[ "$made" == "counter-central 600" ]] || fail "the installed centre's entry key is $made, not counter-central 600"
key_file=$(chroot --userspec="$(in_root id -u counter-central):$(in_root id -g counter-central)" "$R" env -i PATH=/usr/bin:/bin LANG=C.UTF-8 \
    /opt/counter-central/counter-central entry-key status --db sqlite:////var/lib/counter-central/central.sqlite3 --json \
    | .venv/bin/python -c 'import json,sys; print(json.load(sys.stdin)["key_file"])')
[[ "$key_file" == /var/lib/counter-central/central-config/entry-key ]] \
    || fail "an IT command as the service's user found the entry key at $key_file"
# root may not write files the service could not use: a key file, or its embedded database's -wal / -shm
if in_root /opt/counter-central/counter-central entry-key rotate --db sqlite:////var/lib/counter-central/central.sqlite3 \
        > "$OUT/root-rotate.txt" 2>&1; then fail "root rotated the installed centre's entry key"; fi
grep -q "sudo -u counter-central counter-central" "$OUT/root-rotate.txt" || { cat "$OUT/root-rotate.txt" >&2; fail "root's refused rotation"; }
echo "package-test: the centre's keys in /var/lib/counter-central/central-config (counter-central 600); root's rotation refused"

APP=/opt/apps/$APPID/files/counter-app
# headless first run: centre URL + test connection, rest skipped but card = demo, no fingerprint
printf 'http://127.0.0.1:%s\ny\n-\n-\n3\nn\n3\n1\n' "$PORT" | as_clerk_k "$APP" config init --interactive > "$OUT/config-init.txt" 2>&1 \
    || { cat "$OUT/config-init.txt" >&2; fail "config init --interactive"; }
grep -q "✓ 中心服务可用" "$OUT/config-init.txt" || { cat "$OUT/config-init.txt" >&2; fail "test connection from the installed app"; }

doctor() {  # $1 = output file, $2 = "name=status" expected other than ok (e.g. database=warn)
    as_clerk_k "$APP" doctor --json > "$1" 2>"$1.err" || true
    .venv/bin/python - "$1" "${2:-}" <<'PY' || { cat "$1" "$1.err" >&2; fail "doctor --json"; }
import json, sys
checks = {c["name"]: c for c in json.load(open(sys.argv[1], encoding="utf-8"))["checks"]}
need = dict.fromkeys(["config", "data_dir", "database", "qt_platform", "notice_font", "render_process", "central"], "ok")
need.update(dict([sys.argv[2].split("=")]) if sys.argv[2] else {})
bad = [f'{n}: {checks.get(n, {}).get("status")} {checks.get(n, {}).get("message", "")}' for n, want in need.items()
       if checks.get(n, {}).get("status") != want]
print("package-test: doctor: " + ", ".join(f'{n}={c["status"]}' for n, c in checks.items()))
sys.exit(1 if bad else print("\n".join(bad)) or 0)
PY
}
window() {  # $1 = screenshot name: sign in against the centre, main window offscreen, exit when idle
    as_clerk_k env COUNTER_APP_DEMO_USER=clerk01 COUNTER_APP_DEMO_PASSWORD=clerk01-demo COUNTER_APP_EXIT_WHEN_IDLE=1 \
        COUNTER_APP_SCREENSHOT="/tmp/$1" timeout 300 "$APP" gui --demo \
        > "$OUT/$1.log" 2>&1 || { cat "$OUT/$1.log" >&2; fail "offscreen start of the window"; }
    cp "$R/tmp/$1" "$OUT/$1" 2>/dev/null || fail "no screenshot of the window"
}
doctor "$OUT/doctor-old.json"
window window-old.png
echo "package-test: offscreen window of $(basename "$OLD_DEB"): $OUT/window-old.png"

# ---------------------------------------------------------------- upgrade with a store holding cases
STORE=/home/clerk/.local/share/counter-app/counter.sqlite3
CONFIG=/home/clerk/.config/counter-app/config.toml
install -o "${CLERK_IDS%:*}" -g "${CLERK_IDS#*:}" -m 0600 "$OUT/store-with-cases.sqlite3" "$R$STORE"
rm -f "$R$STORE-wal" "$R$STORE-shm"
cases_before=$(in_root sqlite3 "$STORE" 'select count(*) from cases')
config_sum=$(sha256sum < "$R$CONFIG")
echo "package-test: store with $cases_before cases at schema $(in_root sqlite3 "$STORE" 'select group_concat(version_num) from alembic_version')"
t4=$(date +%s)
in_root apt-get install -y -qq --no-install-recommends "/tmp/debs/$(basename "$NEW_DEB")" > "$OUT/apt-upgrade.log" 2>&1 \
    || { tail -30 "$OUT/apt-upgrade.log" >&2; fail "upgrade to $(basename "$NEW_DEB")"; }
t5=$(date +%s)
[[ "$(in_root dpkg-query -W -f='${Version}' "$APPID")" == "$NEXT" ]] || fail "not upgraded to $NEXT"
[[ "$(sha256sum < "$R$CONFIG")" == "$config_sum" ]] || fail "the upgrade changed the configuration"
# the new program sees the old store: it says the store will be encrypted / migrated at the start ...
doctor "$OUT/doctor-new-before-start.json" database=warn
grep -qE "启动时自动备份并升级|下次启动时自动加密" "$OUT/doctor-new-before-start.json" || fail "doctor does not announce the migration"
# ... and the start migrates it (after its backup); then everything is ok
window window-new.png
doctor "$OUT/doctor-new.json"
# 立即同步 through the installed sync agent (counter_app.sync.agent_link), as the window asks it: a
# request on its stdin is answered on its stdout by a round with the centre from the .deb, and the
# agent ends when its stdin closes (the window's process has ended)
coproc AGENT { as_clerk_k timeout 120 "$APP" sync agent --requests-stdin --interval 3600 2>"$OUT/sync-agent.err"; }
agent_out=${AGENT[0]} agent_in=${AGENT[1]}
echo '{"round": 1}' >&"$agent_in"
answer=""
read -t 90 -r answer <&"$agent_out" || true
exec {agent_in}>&-
agent_rc=0
wait "$AGENT_PID" || agent_rc=$?
echo "$answer" > "$OUT/sync-agent-answer.json"
.venv/bin/python - "$OUT/sync-agent-answer.json" <<'PY' || { cat "$OUT/sync-agent.err" >&2; fail "the installed sync agent did not answer 立即同步"; }
import json, sys
line = open(sys.argv[1], encoding="utf-8").read().strip()
msg = json.loads(line) if line else {}
report = msg.get("report", {})
ok = msg.get("answer") == 1 and report.get("online") is True and report.get("error") is None
print(f"package-test: the installed sync agent answered 立即同步: online={report.get('online')}, "
      f"synced={report.get('synced')}, error={report.get('error')}")
sys.exit(0 if ok else 1)
PY
[[ $agent_rc == 0 ]] || { cat "$OUT/sync-agent.err" >&2; fail "the sync agent did not end cleanly when its stdin closed ($agent_rc)"; }
# The centre over TLS as deployed (docs/deployment.md, 1.4): a TLS-terminating proxy in front of it
# with a certificate from the agency's own CA. The installed program (its own libssl) refuses it,
# naming the certificate, until the CA is installed the documented way (update-ca-certificates);
# then it trusts it from the system's store.
coproc TLSPROXY { .venv/bin/python -m tests.support.tls --upstream "$PORT" --dir "$OUT/agency-ca"; }
tls_out=${TLSPROXY[0]} tls_in=${TLSPROXY[1]}
read -t 30 -r _ tls_port <&"$tls_out" || fail "the TLS proxy did not start"
tls_status() {  # $1 = output file
    as_clerk_k env COUNTER_APP_CENTRAL_URL="https://127.0.0.1:$tls_port" "$APP" sync status --json > "$1" 2>"$1.err" \
        || { cat "$1.err" >&2; fail "sync status over TLS"; }
}
tls_status "$OUT/tls-untrusted.json"
install -m 644 "$OUT/agency-ca/ca.pem" "$R/usr/local/share/ca-certificates/agency-test-ca.crt"
in_root update-ca-certificates > "$OUT/update-ca-certificates.log" 2>&1 || { cat "$OUT/update-ca-certificates.log" >&2; fail "update-ca-certificates"; }
tls_status "$OUT/tls-trusted.json"
rm -f "$R/usr/local/share/ca-certificates/agency-test-ca.crt"; in_root update-ca-certificates --fresh >/dev/null 2>&1 || true
exec {tls_in}>&-
wait "$TLSPROXY_PID" 2>/dev/null || true
.venv/bin/python - "$OUT/tls-untrusted.json" "$OUT/tls-trusted.json" <<'PY' || fail "TLS with the agency's CA"
import json, sys
before, after = (json.load(open(f, encoding="utf-8")) for f in sys.argv[1:3])
assert before["online"] is False and "证书" in before.get("central_error", ""), before
assert after["online"] is True and "central_error" not in after, after
print(f"package-test: over TLS the installed program refused the agency's certificate ({before['central_error'][:24]}…) "
      "until its CA was installed with update-ca-certificates, then trusted it")
PY
# doctor's database=ok above: the schema is at the program's heads
[[ "$(head -c 15 "$R$STORE" | tr -d "\\0")" != "SQLite format 3" ]] || fail "the store was not encrypted"
as_clerk_k "$APP" case list --json > "$OUT/cases-after.jsonl" 2>"$OUT/cases-after.err" || { cat "$OUT/cases-after.err" >&2; fail "case list"; }
cases_after=$(grep -c '"case_no"' "$OUT/cases-after.jsonl" || true)
[[ "$cases_after" == "$cases_before" ]] || fail "cases before $cases_before, after $cases_after"
ls "$R$STORE".bak-* >/dev/null 2>&1 || fail "no backup of the store before its migration"
echo "package-test: upgraded to $NEXT in $((t5 - t4)) s: config unchanged, $cases_after cases kept, store encrypted and migrated, backup $(basename "$(ls "$R$STORE".bak-* | head -1)")"

# ---------------------------------------------------------------- an older program, a newer store
install -d -o "${CLERK_IDS%:*}" -g "${CLERK_IDS#*:}" "$R/home/clerk/future/data"
cp "$OUT/store-with-cases.sqlite3" "$R/home/clerk/future/data/counter.sqlite3"
in_root sqlite3 /home/clerk/future/data/counter.sqlite3 "insert into alembic_version values ('9999_future')"
chown -R "$CLERK_IDS" "$R/home/clerk/future"
as_clerk_k env COUNTER_APP_HOME=/home/clerk/future "$APP" doctor --json > "$OUT/doctor-future.json" 2>&1 || true
grep -q "更新版本" "$OUT/doctor-future.json" || { cat "$OUT/doctor-future.json" >&2; fail "doctor: a newer store not named"; }
as_clerk_k env COUNTER_APP_HOME=/home/clerk/future "$APP" case list > "$OUT/future-case-list.txt" 2>&1 \
    && fail "a store written by a newer version was opened"
grep -q "由更新版本的程序写入" "$OUT/future-case-list.txt" || { cat "$OUT/future-case-list.txt" >&2; fail "a newer store was not refused clearly"; }
echo "package-test: a store written by a newer version is refused: $(grep -o '本地数据库.*更新版本[^。]*' "$OUT/future-case-list.txt" | head -1 | cut -c1-80)…"

# ---------------------------------------------------------------- the centre on PostgreSQL
# The distribution's PostgreSQL in the root (socket only), the role and database as
# deployment.md says; reinstalling the centre's package runs its postinst: pg_dump, then migrate.
echo "package-test: the centre's package on PostgreSQL ..."
in_root apt-get install -y -qq --no-install-recommends postgresql >> "$OUT/apt-install.log" 2>&1 || fail "apt-get install postgresql"
pgconf=$(ls "$R"/etc/postgresql/*/main/postgresql.conf | head -1)
sed -i "s/^#\?listen_addresses = .*/listen_addresses = ''/" "$pgconf"   # no TCP port: nothing clashes with the host
pgver=$(basename "$(dirname "$(dirname "$pgconf")")")
in_root pg_ctlcluster "$pgver" main start
mounted+=("pg:$pgver")
in_root su postgres -c "createuser counter-central && createdb -O counter-central counter_central"
in_root apt-get install -y -qq --reinstall "/tmp/debs/$(basename "$CENTRAL_DEB")" > "$OUT/central-postgres.log" 2>&1 \
    || { cat "$OUT/central-postgres.log" >&2; fail "the centre's postinst on PostgreSQL"; }
grep "counter-central: \|中心数据库" "$OUT/central-postgres.log" || true
dump=$(ls -t "$R"/var/backups/counter-central/*.dump 2>/dev/null | head -1)
[[ -s "$dump" ]] || fail "no pg_dump before the migration"
rev=$(in_root su postgres -c "psql -d counter_central -Atc 'select version_num from alembic_version'" | paste -sd,)
[[ -n "$rev" ]] || fail "the centre's database was not migrated"
in_root pg_ctlcluster "$pgver" main stop
echo "package-test: centre on PostgreSQL: backup $(basename "$dump") ($(stat -c %s "$dump") bytes), schema $rev"

t6=$(date +%s)
echo "package-test: OK in $((t6 - t0)) s (base $((t1 - t0)) s, install $((t3 - t2)) s, upgrade $((t5 - t4)) s); results in $OUT/"
