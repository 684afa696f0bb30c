#!/usr/bin/env bash
# Install the system packages listed in installer/system-packages.txt (Debian/UOS/Kylin).
# As root: apt-get installs what is missing. Otherwise: print the exact apt line and stop.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
mapfile -t wanted < <(grep -v '^\s*#' "$here/system-packages.txt" | sed '/^\s*$/d')

if ! command -v dpkg-query >/dev/null 2>&1; then
    echo "setup: 不是 Debian 系统（找不到 dpkg-query），请手动安装等价的系统软件包：${wanted[*]}" >&2
    exit 0
fi
missing=()
for pkg in "${wanted[@]}"; do
    status=$(dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null || true)
    [[ "$status" == "install ok installed" ]] || missing+=("$pkg")
done
[[ ${#missing[@]} -eq 0 ]] && { echo "setup: system packages present"; exit 0; }

line="apt-get install -y --no-install-recommends ${missing[*]}"
if [[ $(id -u) -ne 0 ]]; then
    echo "setup: 缺少系统软件包 / missing system packages. Run as root:" >&2
    echo "    sudo apt-get update && sudo $line" >&2
    exit 1
fi
echo "setup: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends "${missing[@]}"
