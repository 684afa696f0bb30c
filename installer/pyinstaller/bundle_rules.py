"""What the PyInstaller bundles carry and what they leave out, shared by the Linux spec
(installer/pyinstaller/counter-app.spec) and the Windows one (installer/windows/counter-app.spec).

The app imports QtCore, QtGui, QtWidgets, QtPrintSupport, QtPdf and QtPdfWidgets (grep
``PySide6.Qt`` in counter_app/), and QtMultimedia for the 高拍仪 (``from PySide6 import QtMultimedia``
in counter_app/ui/camera_backend.py, with its FFmpeg plugin); QtTest only in tools/ (developer
tools, not shipped). Every other Qt module, PySide6's other Addons and WebEngine (~420 MB) are
never imported and never bundled. numpy + Pillow do the camera's page processing
(counter_app/devices/camera/processing.py); OpenCV is no longer used (it was ~150 MB of the bundle)
and is excluded, so a developer venv that still has it installed does not bundle it.
"""

from __future__ import annotations

import os

QT_MODULES_USED = ("QtCore", "QtGui", "QtWidgets", "QtPrintSupport", "QtPdf", "QtPdfWidgets", "QtMultimedia")

# Python modules never wanted in a bundle: test and developer tools, other Qt modules, the
# centre's server stack in the client (and the client's GUI in the centre).
EXCLUDES_COMMON = [
    "tkinter", "unittest", "pydoc_data", "lib2to3", "idlelib",
    "pytest", "_pytest", "pytestqt", "hypothesis", "schemathesis", "pytest_postgresql",
    "pdfplumber", "pypdf", "pypdfium2", "importlinter", "grimp", "zxingcpp", "PyInstaller",
    "piptools", "IPython", "matplotlib", "PIL.ImageQt",
    "cv2",  # not a dependency any more (the 高拍仪's page processing is numpy + Pillow)
    "tools",  # developer tools (screenshots, smoke, demo run) live outside the shipped package
]
_ALL_QT = [
    "Qt3DAnimation", "Qt3DCore", "Qt3DExtras", "Qt3DInput", "Qt3DLogic", "Qt3DRender", "QtAxContainer",
    "QtBluetooth", "QtCanvasPainter", "QtCharts", "QtConcurrent", "QtDataVisualization", "QtDBus",
    "QtDesigner", "QtGraphs", "QtGraphsWidgets", "QtHelp", "QtHttpServer", "QtLocation",
    "QtMultimedia", "QtMultimediaWidgets", "QtNetwork", "QtNetworkAuth", "QtNfc", "QtOpenGL",
    "QtOpenGLWidgets", "QtPositioning", "QtQml", "QtQuick", "QtQuick3D", "QtQuickControls2",
    "QtQuickTest", "QtQuickWidgets", "QtRemoteObjects", "QtScxml", "QtSensors", "QtSerialBus",
    "QtSerialPort", "QtSpatialAudio", "QtSql", "QtStateMachine", "QtSvg", "QtSvgWidgets", "QtTest",
    "QtTextToSpeech", "QtUiTools", "QtWebChannel", "QtWebEngineCore", "QtWebEngineQuick",
    "QtWebEngineWidgets", "QtWebSockets", "QtWebView", "QtXml",
]
EXCLUDES_QT_UNUSED = [f"PySide6.{m}" for m in _ALL_QT if m not in QT_MODULES_USED]
EXCLUDES_CLIENT = EXCLUDES_COMMON + EXCLUDES_QT_UNUSED + [
    "uvicorn", "fastapi", "starlette", "psycopg", "psycopg_binary", "httptools", "uvloop",
    # pulled in only by code the client never runs (~8 MB of sources in the executable's archive):
    # rich / pygments / markdown_it by httpx's command line (httpx/_main.py, imported under
    # try/except ImportError), pydantic's debug printer and reportlab's code-listing helper;
    # setuptools / distutils / pkg_resources by cffi's compile-a-module helpers
    # (cffi/_shimmed_dist_utils.py), not by the compiled cffi modules cryptography and argon2 use.
    "rich", "pygments", "markdown_it", "mdurl", "setuptools", "distutils", "pkg_resources",
    "_distutils_hack",
]
EXCLUDES_CENTRAL = EXCLUDES_COMMON + [
    "PySide6", "shiboken6", "counter_app.ui", "counter_app.devices", "counter_app.printing",
    "counter_app.workflows", "gi", "smartcard", "keyring", "numpy", "evdev", "serial",
    "sqlcipher3",
]

# Hidden imports: modules loaded by name at run time (the CLI's subcommands, Alembic's
# migrations are files, not imports; the keyring backends the platform picks).
HIDDEN_CLIENT = [
    "counter_app.cli." + name
    for name in ("doctor", "config", "rules", "services", "notice", "print", "card", "fingerprint",
                 "sync", "queue", "login", "main")
] + ["counter_app.ui.app", "counter_app.ui.first_run", "keyring.backends.SecretService",
     "keyring.backends.fail", "keyring.backends.chainer", "gi"]
# reportlab.graphics.barcode imports its symbologies by exec'd strings (widgets._BCW): PyInstaller
# sees none of them, and without code128 & co. every notice (its QR code) failed in the bundle.
# Both client specs add collect_submodules(REPORTLAB_DYNAMIC); package-test renders a notice.
REPORTLAB_DYNAMIC = "reportlab.graphics.barcode"
HIDDEN_CENTRAL = ["counter_central.cli", "counter_central.app", "uvicorn.lifespan.on",
                  "uvicorn.protocols.http.httptools_impl", "uvicorn.loops.asyncio", "psycopg_binary"]
# The folders of resources/ the centre reads (counter_central.resources: seed, dashboard, field,
# certification, the registry's re-check); the counter's translations, spec list and pinyin index stay out.
CENTRAL_RESOURCES = ("catalog", "params", "reference")


# Qt libraries pulled in only by plugins the app does not use (the virtual keyboard needs QML and
# Quick; Wayland client libraries; the GTK platform theme needs GTK 3 on the target).
_NEVER = ("webengine", "qtquick", "qt6qml", "qt6quick", "virtualkeyboard", "wayland", "wlshell", "qgtk3",
          "libqminimalegl", "libqtuiotouch", "libqevdev")
# ... except the QML/Quick libraries Qt Multimedia's FFmpeg plugin is linked against (it does not
# run any QML, but the loader needs them): the 高拍仪 works only with these.
_MULTIMEDIA_NEEDS = ("libqt6qml.so", "libqt6qmlmeta.so", "libqt6qmlmodels.so", "libqt6qmlworkerscript.so",
                     "libqt6quick.so")


def keep_binary(dest: str, qt_plugins_keep: "tuple[str, ...]") -> bool:
    """Whether a collected shared library / Qt plugin stays in the client bundle."""
    name = dest.replace("\\", "/")
    low = name.lower()
    base = low.rsplit("/", 1)[-1]
    if any(word in low for word in _NEVER) and not base.startswith(_MULTIMEDIA_NEEDS):
        return False
    if "/plugins/" in name:
        # PySide6/Qt/plugins/<kind>/<file>: only the kinds (and files) the app needs
        kind = name.split("/plugins/", 1)[1].split("/", 1)[0]
        if kind not in {k.split("/", 1)[0] for k in qt_plugins_keep}:
            return False
        wanted = [k for k in qt_plugins_keep if k.startswith(kind + "/")]
        if wanted:
            return any(w.split("/", 1)[1] in name.rsplit("/", 1)[-1] for w in wanted)
    return True


# Qt plugin kinds (and, after a slash, the only files of that kind) the client needs: X11 and
# the offscreen platform (doctor and tests), the image formats a PDF preview and icons use,
# the CUPS print backend, the X11 GL integration xcb loads, SVG icons.
QT_PLUGINS_LINUX = ("platforms/libqxcb", "platforms/libqoffscreen", "platforms/libqminimal",
                    "imageformats/libqjpeg", "imageformats/libqgif", "imageformats/libqico",
                    "imageformats/libqsvg", "imageformats/libqpdf", "printsupport", "xcbglintegrations",
                    "platforminputcontexts/libibus", "platforminputcontexts/libcompose",
                    "platforminputcontexts/libfcitx", "iconengines", "tls/libqopensslbackend",
                    "multimedia/libffmpegmediaplugin")
QT_PLUGINS_WINDOWS = ("platforms/qwindows", "platforms/qoffscreen", "imageformats", "printsupport",
                      "styles", "iconengines", "generic", "tls/qschannelbackend",
                      "multimedia/ffmpegmediaplugin", "multimedia/windowsmediaplugin")


# ---------------------------------------------------------------- system libraries (Linux .deb)
# PyInstaller copies every shared library a collected binary links against from the build machine
# into _internal/. For the .deb that is wrong for the desktop's and the system's own libraries:
# the package takes them from the distribution through Depends (installer/linux/common.sh,
# system_library_packages: every NEEDED soname the bundle does not carry becomes a Depends on the
# package that holds it in the build root). Reasons:
#   - the target's libraries get its security updates; a copy of the build machine's does not;
#   - a bundled libstdc++ / libgcc_s older than the system's breaks the system's Mesa / GL driver
#     that Qt loads (the driver needs the newer GLIBCXX, the process already has the old one);
#   - they are ~37 MB unpacked (~12 MB of the .deb's xz).
# Only libraries whose soname AND Debian package name are the same in every target suite
# (Debian 11 bullseye = the build root, Debian 12 bookworm, UOS V20 / Kylin V10 on the same
# sonames) are taken from the system: a Depends on a package that exists only in bullseye would
# not install on Debian 12. Checked in the bullseye build root (dpkg -S) and on Debian 12
# (apt-cache show): libx11-6, libxcb*, libxkbcommon0, libfontconfig1, libfreetype6, libharfbuzz0b,
# libpng16-16, zlib1g, libexpat1, libstdc++6, libgcc-s1, libpulse0, libsndfile1, libcairo2,
# libpango-1.0-0, libgdk-pixbuf-2.0-0, libcups2, libgnutls30, libkrb5-3, libdbus-1-3,
# libsystemd0, libudev1, libselinux1, libmount1, ... exist under these names in both.
# A library is taken from the system together with everything it pulls in (libpulse brings
# libsndfile, FLAC, vorbis, opus, mpg123, lame; cups brings avahi, gnutls, krb5), so a system
# library never loads the build machine's copy of a dependency: libFLAC.so.8 (bullseye) vs
# libFLAC.so.12 (bookworm) is then the distribution's business, not ours.
# What stays bundled (NOT in this list), because the soname or the package differs across the
# targets: what CPython's own extension modules need, libssl / libcrypto (libssl1.1 in bullseye,
# libssl3 in bookworm), libffi (libffi7 / libffi8), libpython itself; and anything a wheel
# vendors (numpy.libs/, pillow.libs/, PySide6/Qt/lib/: hashed names in subfolders, not matched).
# libbz2 stays too: Qt's FFmpeg (libavformat, built on RHEL) asks for "libbz2.so.1", a name Debian's
# libbz2-1.0 ships only as a compatibility link that ldconfig does not list (soname libbz2.so.1.0).
SYSTEM_LIBRARY_STEMS = frozenset({
    # GLib / GObject introspection / libfprint / pcsclite: their typelibs, drivers and the pcscd
    # protocol must match the distribution's (see docs/packaging.md)
    "libglib-2.0", "libgobject-2.0", "libgio-2.0", "libgmodule-2.0", "libgthread-2.0",
    "libgirepository-1.0", "libfprint-2", "libpcsclite",
    # C++ / GCC run time (the Mesa reason above)
    "libstdc++", "libgcc_s",
    # X11, xcb, keyboard
    "libX11", "libX11-xcb", "libXau", "libXdmcp", "libXext", "libXrender", "libXrandr", "libXfixes",
    "libXi", "libXcursor", "libxkbcommon", "libxkbcommon-x11",
    # fonts, text shaping, images the desktop stack uses
    "libfontconfig", "libfreetype", "libharfbuzz", "libgraphite2", "libpng16", "libz", "libexpat",
    "libbrotlicommon", "libbrotlidec", "libfribidi", "libthai", "libdatrie", "libjpeg",
    # GTK's drawing stack (pycairo, PyGObject's cairo bridge)
    "libcairo", "libcairo-gobject", "libpixman-1", "libpango-1.0", "libpangoft2-1.0",
    "libpangocairo-1.0", "libgdk_pixbuf-2.0", "libatk-1.0",
    # PulseAudio (Qt Multimedia's FFmpeg plugin) and its codecs
    "libpulse", "libpulse-simple", "libpulse-mainloop-glib", "libsndfile", "libFLAC", "libvorbis",
    "libvorbisenc", "libogg", "libopus", "libmpg123", "libmp3lame", "libasyncns",
    # CUPS (Qt's print support) with avahi, TLS, Kerberos
    "libcups", "libavahi-client", "libavahi-common", "libgnutls", "libgssapi_krb5", "libkrb5",
    "libk5crypto", "libkrb5support", "libcom_err", "libkeyutils", "libgcrypt", "libgpg-error",
    "libp11-kit", "libtasn1", "libnettle", "libhogweed", "libgmp", "libidn2", "libunistring",
    # D-Bus, systemd, udev and what they link
    "libdbus-1", "libsystemd", "libudev", "libselinux", "libpcre2-8", "libmount", "libblkid",
    "libcap", "libzstd", "liblz4", "liblzma", "libmd", "libbsd", "libuuid",
    # terminal, SQLite (CPython's readline / curses / sqlite3 modules: same packages in both)
    "libreadline", "libtinfo", "libncursesw", "libsqlite3",
})
# families: every library whose name starts so (libxcb-icccm, libxcb-cursor, ..., libpulsecommon-14.2)
SYSTEM_LIBRARY_FAMILIES = ("libxcb", "libpulsecommon-")
_SYSTEM_DIRS = ("/lib/", "/lib64/", "/usr/lib/", "/usr/lib64/", "/usr/local/lib/")


def library_stem(name: str) -> str:
    """``libpng16.so.16.37.0`` → ``libpng16``; ``libpulsecommon-14.2.so`` → ``libpulsecommon-14.2``."""
    base = name.replace("\\", "/").rsplit("/", 1)[-1]
    return base.split(".so", 1)[0]


def from_system(dest: str, src: str | None = None) -> bool:
    """Whether a collected shared library is left out of the Linux bundle because the .deb takes
    it from the distribution (see SYSTEM_LIBRARY_STEMS). Only libraries PyInstaller put at the top
    of _internal/ (copied from the build machine's library directories) qualify: what a wheel
    vendors in a subfolder (``pillow.libs/libpng16-1d1ba958.so.16``) stays."""
    name = dest.replace("\\", "/")
    if "/" in name or ".so" not in name:
        return False
    if src is not None and not os.path.realpath(src).startswith(_SYSTEM_DIRS) \
            and not src.replace("\\", "/").startswith(_SYSTEM_DIRS):
        return False
    stem = library_stem(name)
    return stem in SYSTEM_LIBRARY_STEMS or stem.startswith(SYSTEM_LIBRARY_FAMILIES)


# Pillow plugins the client never reads or writes, with their (large) libraries: AVIF (libavif,
# ~4.7 MB) and WebP (libwebp, libwebpmux, libwebpdemux, libsharpyuv, ~1 MB). The 高拍仪 and the
# scan folder take JPG / PNG / BMP / TIFF (counter_app/devices/camera/directory.py IMAGE_SUFFIXES,
# processing.decode's message), notices and receipts are PDF and PNG; Pillow treats a missing
# plugin module as "format not supported". TIFF, JPEG 2000 (PDF images), lcms2 (PDF/A's sRGB
# profile: printing/pdfa.py) and FreeType stay.
PILLOW_UNUSED_MODULES = ("PIL._avif", "PIL._webp", "PIL._imagingtk")
_PILLOW_UNUSED_LIBS = ("libavif", "libwebp", "libwebpmux", "libwebpdemux", "libsharpyuv")


def unused_pillow_binary(dest: str) -> bool:
    """A Pillow extension or vendored library of a format the app never uses."""
    name = dest.replace("\\", "/")
    base = name.rsplit("/", 1)[-1]
    if name.startswith("PIL/"):
        return any(base.startswith(m.split(".", 1)[1] + ".") for m in PILLOW_UNUSED_MODULES)
    if name.lower().startswith("pillow.libs/"):
        # pillow.libs/libwebp-51b0b3f7.so.7.2.0: the stem before auditwheel's hash
        return library_stem(base).rsplit("-", 1)[0] in _PILLOW_UNUSED_LIBS
    return False


def build_stamp(root: str, workpath: str) -> "tuple[str, str]":
    """The bundle's build identifier (counter_protocol.build: the commit and date of this build,
    or COUNTER_BUILD_ID) written as counter_protocol/BUILD under PyInstaller's ``workpath``; its
    ``datas`` entry. A bundle has no checkout to read it from."""
    from pathlib import Path

    from counter_protocol.build import write_build_file

    folder = Path(workpath) / "stamp" / "counter_protocol"
    print(f"bundle: build {write_build_file(folder, Path(root))}")
    return (str(folder / "BUILD"), "counter_protocol")


def keep_translation(dest: str) -> bool:
    """Qt's own translations: Chinese and English only (the app's two languages)."""
    name = dest.replace("\\", "/")
    if "/translations/" not in name:
        return True
    base = name.rsplit("/", 1)[-1]
    return base.endswith(("_zh_CN.qm", "_en.qm"))


def elf_segments_aligned(path: str) -> bool:
    """False for a 64-bit ELF file whose loadable segments are misaligned (file offset and address
    disagree modulo the alignment: the loader refuses it with "ELF load command address/offset not
    page-aligned"). GNU strip does that to some libraries that patchelf edited (auditwheel: numpy's
    OpenBLAS and gfortran; the FFmpeg libraries of Qt Multimedia). True for anything else."""
    import struct

    with open(path, "rb") as f:
        head = f.read(64)
        if len(head) < 64 or head[:4] != b"\x7fELF" or head[4] != 2 or head[5] != 1:
            return True
        phoff, = struct.unpack_from("<Q", head, 0x20)
        phentsize, phnum = struct.unpack_from("<HH", head, 0x36)
        f.seek(phoff)
        table = f.read(phentsize * phnum)
    for i in range(phnum):
        p_type, = struct.unpack_from("<I", table, i * phentsize)
        p_offset, p_vaddr = struct.unpack_from("<QQ", table, i * phentsize + 8)
        p_align, = struct.unpack_from("<Q", table, i * phentsize + 48)
        if p_type == 1 and p_align > 1 and (p_offset - p_vaddr) % p_align:
            return False
    return True


def restore_broken_strips(contents_dir: str, binaries) -> list[str]:
    """After COLLECT with strip=True: every collected library that strip left unloadable (see
    :func:`elf_segments_aligned`) is replaced by its unstripped original. Returns the names put
    back; raises SystemExit if an original is itself unloadable (the bundle would not start)."""
    import shutil

    restored = []
    for entry in binaries:
        dest, src = entry[0], entry[1]
        path = os.path.join(contents_dir, dest)
        if not os.path.isfile(path) or os.path.islink(path) or elf_segments_aligned(path):
            continue
        if not elf_segments_aligned(src):
            raise SystemExit(f"bundle: {src} is not loadable (misaligned ELF segments)")
        shutil.copy2(src, path)
        restored.append(dest)
    return restored
