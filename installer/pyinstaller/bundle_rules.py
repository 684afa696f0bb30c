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
HIDDEN_CENTRAL = ["counter_central.cli", "counter_central.app", "uvicorn.lifespan.on",
                  "uvicorn.protocols.http.httptools_impl", "uvicorn.loops.asyncio", "psycopg_binary"]


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
