"""Which shared libraries the Linux bundle leaves to the distribution (the .deb's Depends) and which
it keeps (installer/pyinstaller/bundle_rules.py: from_system, unused_pillow_binary): the desktop's
and the system's own libraries with the same soname and package in Debian 11 and 12 go; what
differs between the target suites (libssl, libcrypto, libffi) and whatever a wheel vendors stay."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "installer" / "pyinstaller"))

import bundle_rules as rules  # noqa: E402

LIBDIR = "/usr/lib/x86_64-linux-gnu"


@pytest.mark.parametrize("name", [
    "libX11.so.6", "libX11-xcb.so.1", "libxcb-cursor.so.0", "libxcb-icccm.so.4", "libxkbcommon-x11.so.0",
    "libstdc++.so.6", "libgcc_s.so.1", "libfontconfig.so.1", "libfreetype.so.6", "libpng16.so.16",
    "libz.so.1", "libpulse.so.0", "libpulsecommon-14.2.so", "libFLAC.so.8", "libsndfile.so.1",
    "libcups.so.2", "libgnutls.so.30", "libdbus-1.so.3", "libsystemd.so.0", "libcairo.so.2",
    "libglib-2.0.so.0", "libgirepository-1.0.so.1", "libfprint-2.so.2", "libpcsclite.so.1",
])
def test_system_libraries_are_left_to_the_distribution(name):
    assert rules.from_system(name, f"{LIBDIR}/{name}")
    assert rules.from_system(name)          # by name alone (the spec passes the source too)


@pytest.mark.parametrize("name", [
    # sonames / packages differ between bullseye and bookworm: libssl1.1 / libssl3, libffi7 / libffi8
    "libssl.so.1.1", "libcrypto.so.1.1", "libssl.so.3", "libcrypto.so.3", "libffi.so.7", "libffi.so.8",
    "libpython3.11.so.1.0",
    # not ours to guess: kept unless named (a new library stays bundled until someone checks both suites)
    "libhidapi-hidraw.so.0", "libnsl.so.2", "libgdbm.so.6",
    # Qt's FFmpeg asks for libbz2.so.1: Debian has it only as a link outside ldconfig's list
    "libbz2.so.1", "libbz2.so.1.0",
])
def test_libraries_that_differ_across_the_targets_stay(name):
    assert not rules.from_system(name, f"{LIBDIR}/{name}")


def test_only_the_build_machines_copies_at_the_top_of_internal_go():
    # a wheel's vendored copy (auditwheel: hashed name in a subfolder) is the wheel's own: kept
    site = "/opt/venv/lib/python3.11/site-packages"
    assert not rules.from_system("pillow.libs/libpng16-1d1ba958.so.16.58.0", f"{site}/pillow.libs/libpng16-1d1ba958.so.16.58.0")
    assert not rules.from_system("PySide6/Qt/lib/libicudata.so.73", f"{site}/PySide6/Qt/lib/libicudata.so.73")
    assert not rules.from_system("numpy.libs/libgfortran-040039e1-0352e75f.so.5.0.0")
    # a same-named library that does not come from the system's library directories stays
    assert not rules.from_system("libz.so.1", f"{site}/foo/libz.so.1")
    assert rules.from_system("libz.so.1", "/lib/x86_64-linux-gnu/libz.so.1")
    # exact stems, not prefixes: libzstd is listed on its own, libz does not take libzip with it
    assert not rules.from_system("libzip.so.4", f"{LIBDIR}/libzip.so.4")
    assert not rules.from_system("libX11.txt")


def test_library_stem():
    assert rules.library_stem("libpng16.so.16.37.0") == "libpng16"
    assert rules.library_stem("pillow.libs/libwebp-51b0b3f7.so.7.2.0") == "libwebp-51b0b3f7"
    assert rules.library_stem("libpulsecommon-14.2.so") == "libpulsecommon-14.2"


def test_unused_pillow_formats_are_dropped_the_used_ones_kept():
    dropped = ["PIL/_avif.cpython-311-x86_64-linux-gnu.so", "PIL/_webp.cpython-311-x86_64-linux-gnu.so",
               "pillow.libs/libavif-c6062d5f.so.16.4.2", "pillow.libs/libwebp-51b0b3f7.so.7.2.0",
               "pillow.libs/libwebpmux-8fb1c9f6.so.3.1.2", "pillow.libs/libwebpdemux-9fe2abcc.so.2.0.17",
               "pillow.libs/libsharpyuv-0066295b.so.0.1.2"]
    kept = ["PIL/_imaging.cpython-311-x86_64-linux-gnu.so", "PIL/_imagingcms.cpython-311-x86_64-linux-gnu.so",
            "PIL/_imagingft.cpython-311-x86_64-linux-gnu.so", "pillow.libs/libtiff-20b7e810.so.6.3.0",
            "pillow.libs/libjpeg-6dc8d115.so.62.4.0", "pillow.libs/libopenjp2-e530e1bf.so.2.5.4",
            "pillow.libs/liblcms2-88eaba2f.so.2.0.19", "pillow.libs/libpng16-1d1ba958.so.16.58.0",
            "libwebp.so.6", "PySide6/Qt/plugins/imageformats/libqwebp.so"]
    assert [d for d in dropped if rules.unused_pillow_binary(d)] == dropped
    assert [k for k in kept if rules.unused_pillow_binary(k)] == []


def test_the_app_reads_no_format_whose_plugin_is_dropped():
    """The camera's scan folder takes only the formats whose Pillow plugins stay."""
    from counter_app.devices.camera.directory import IMAGE_SUFFIXES

    assert not {".avif", ".webp"} & set(IMAGE_SUFFIXES)


def test_the_client_never_imports_what_its_bundle_excludes_as_unused():
    """rich / pygments / setuptools / distutils and Pillow's AVIF / WebP modules are left out of the
    client bundle: no module of the client (or its protocol package) imports them."""
    import ast

    unused = {"rich", "pygments", "markdown_it", "mdurl", "setuptools", "distutils", "pkg_resources",
              "_distutils_hack"} | set(rules.PILLOW_UNUSED_MODULES)
    assert unused <= set(rules.EXCLUDES_CLIENT) | set(rules.PILLOW_UNUSED_MODULES)
    found = []
    for package in ("counter_app", "counter_protocol"):
        for path in (ROOT / package).rglob("*.py"):
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
                names = []
                if isinstance(node, ast.Import):
                    names = [a.name for a in node.names]
                elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
                    names = [node.module] + [f"{node.module}.{a.name}" for a in node.names]
                found += [f"{path.relative_to(ROOT)}: {n}" for n in names
                          if n in unused or n.split(".", 1)[0] in unused]
    assert found == []


def test_the_build_roots_blasless_numpy_is_the_locks_version_hash_checked_with_its_options():
    """requirements/floor-2.31-noblas.txt (build-root.sh builds numpy from it): the lock's numpy
    version, PyPI's sha256 of the sdist, and the meson options on the requirement line itself (pip
    does not hand command-line -C options to a -r requirement)."""
    import re

    lock = (ROOT / "requirements" / "lock.txt").read_text(encoding="utf-8")
    locked = re.search(r"^numpy==(\S+)", lock, re.M).group(1)
    lines = [ln for ln in (ROOT / "requirements" / "floor-2.31-noblas.txt").read_text(encoding="utf-8").splitlines()
             if ln.strip() and not ln.startswith("#")]
    assert len(lines) == 1
    line = lines[0]
    assert line.startswith(f"numpy=={locked} ")
    assert re.search(r"--hash=sha256:[0-9a-f]{64}\b", line)
    for option in ("-Dblas=none", "-Dlapack=none", "-Dallow-noblas=true"):
        assert f"--config-settings=setup-args={option}" in line
