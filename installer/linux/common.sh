# Shared by build-deb.sh and build-central-deb.sh (sourced, not run).

# The version, written once in counter_protocol/__init__.py; four numeric parts (UOS app-store rule).
app_version() {
    local v
    v=$(sed -n 's/^__version__ = "\(.*\)"/\1/p' counter_protocol/__init__.py)
    if [[ ! "$v" =~ ^[0-9]+\.[0-9]+\.[0-9]+\.[0-9]+$ ]]; then
        echo "package: 版本号必须是四段数字（如 1.2.3.4），counter_protocol/__init__.py 中是 '$v'" >&2
        return 1
    fi
    echo "$v"
}

# a > b for dotted numeric versions
version_gt() { [[ "$1" != "$2" && "$(printf '%s\n%s\n' "$1" "$2" | sort -V | tail -1)" == "$1" ]]; }

host_glibc() { getconf GNU_LIBC_VERSION | awk '{print $2}'; }

# The floor the packages promise when nothing says otherwise: Debian 11 bullseye's glibc, the
# lowest build root this build network reaches (installer/linux/build-root.sh; see docs/packaging.md).
DEFAULT_GLIBC_FLOOR=2.31

# Refuse to build on a machine whose glibc is newer than the floor the package promises: every
# binary built or bundled here could need symbols the target's older glibc lacks.
check_glibc_floor() {
    local floor="$1" host
    host=$(host_glibc)
    if version_gt "$host" "$floor"; then
        cat >&2 <<MSG
package: 构建机的 glibc $host 高于本软件包承诺的最低 glibc $floor。
  在这里构建的程序可能在 UOS V20 / Kylin V10（glibc 2.28–2.31）上无法启动。
  请在 glibc $floor 的构建根目录中构建（Debian chroot，首次自动创建并缓存在 .cache/build-root/，需要 root 和 debootstrap）：
      make package                      （默认即在构建根目录中构建；BUILD_ROOT=0 才在本机构建）
      installer/linux/build-root.sh     （只准备构建根目录）
  或在 glibc <= $floor 的构建机上构建，见 docs/packaging.md。
  若确实要发布只支持较新系统的包，请明确指定新的下限：  GLIBC_FLOOR=$host make package
package: build machine glibc $host is newer than the package's glibc floor $floor: build in the glibc-$floor build root
  (make package, installer/linux/build-root.sh) or set GLIBC_FLOOR=$host to build for the newer floor.
MSG
        return 3
    fi
}

# When this machine's glibc is newer than the floor, run the calling build script again inside the
# floor's build root (chroot), unless BUILD_ROOT=0 or we are in it already. $1 = the script.
maybe_build_in_root() {
    local script="$1" floor="$2"
    [[ -n "${COUNTER_BUILD_ROOT:-}" || "${BUILD_ROOT:-auto}" == 0 ]] && return 0
    version_gt "$(host_glibc)" "$floor" || return 0
    echo "package: 本机 glibc $(host_glibc) 高于下限 $floor：在 glibc $floor 的构建根目录中构建（installer/linux/build-root.sh）"
    GLIBC_FLOOR=$floor exec installer/linux/build-root.sh run "$script"
}

# The highest GLIBC_x.y symbol version any ELF file under $1 needs: the bundle's real floor.
measured_glibc_floor() {
    find "$1" -type f \( -name '*.so*' -o -perm -u+x \) -print0 \
        | xargs -0 -r objdump -T 2>/dev/null | grep -oE 'GLIBC_[0-9]+\.[0-9]+(\.[0-9]+)?' \
        | sed 's/GLIBC_//' | sort -V -u | tail -1
}

# Debian packages providing the shared libraries the ELF files under $1 need and do not carry
# themselves (like dpkg-shlibdeps, resolved on this build machine: run it on the target's builder).
system_library_packages() {
    local dir="$1" soname path pkg missing=()
    local -A carried=() wanted=()
    while IFS= read -r f; do carried[$(basename "$f")]=1; done < <(find "$dir" -name '*.so*')
    while IFS= read -r soname; do
        [[ -n "${carried[$soname]:-}" ]] && continue
        case "$soname" in ld-linux*|libc.so.*|libm.so.*|libpthread.so.*|libdl.so.*|librt.so.*|libutil.so.*) continue;; esac
        path=$(ldconfig -p | awk -v s="$soname" '$1 == s && /x86-64/ {print $NF; exit}')
        if [[ -z "$path" ]]; then missing+=("$soname"); continue; fi
        pkg=""
        for candidate in "$path" "$(readlink -f "$path")" "/usr$path" "${path#/usr}"; do
            pkg=$(dpkg -S "$candidate" 2>/dev/null | head -1 | cut -d: -f1) || true
            [[ -n "$pkg" ]] && break
        done
        [[ -n "$pkg" ]] && wanted[$pkg]=1 || missing+=("$soname")
    done < <(find "$dir" -type f \( -name '*.so*' -o -perm -u+x \) -print0 \
                 | xargs -0 -r objdump -p 2>/dev/null | awk '$1 == "NEEDED" {print $2}' | sort -u)
    if [[ ${#missing[@]} -gt 0 ]]; then
        echo "package: 这些共享库在构建机上找不到所属软件包：${missing[*]}" >&2
        return 1
    fi
    printf '%s\n' "${!wanted[@]}" | sort
}

# The constraints of the floor's build root: the lock without the names the floor's pins file
# pins (pip refuses two pins of one name), then those pins. $1 = lock, $2 = pins file.
floor_constraints() {
    local pinned
    pinned=$(sed -n 's/^\([A-Za-z0-9_.-]*\)==.*/\1/p' "$2" | tr 'A-Z_.' 'a-z--' | paste -sd'|')
    awk -v re="^($pinned)==" '{ l = tolower($0); gsub(/[_.]/, "-", l) } l !~ re' "$1"
    cat "$2"
}
