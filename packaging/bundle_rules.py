"""What the PyInstaller bundle keeps: Qt plugins, data files, native libraries and orphans.

Pure functions over PyInstaller's table-of-contents entries `(dest, src, typecode)`, so the spec
stays short and the rules are tested without building (tests/packaging/test_bundle_rules.py).
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterable
from pathlib import PurePosixPath

Entry = tuple[str, str, str]

# WeasyPrint opens these with dlopen (cffi), so PyInstaller cannot see them as dependencies; the
# contrib hook looks them up but fails quietly on Linux (find_library("libfontconfig") raises),
# so they are added by name. HarfBuzz-subset halves the time of a render. glib comes with gobject.
NATIVE_TEXT_LIBS: dict[str, tuple[str, ...]] = {
    "linux": (
        "libgobject-2.0.so.0",
        "libglib-2.0.so.0",
        "libpango-1.0.so.0",
        "libpangoft2-1.0.so.0",
        "libharfbuzz.so.0",
        "libharfbuzz-subset.so.0",
        "libfontconfig.so.1",
    ),
    # MSYS2 UCRT64 (C:\msys64\ucrt64\bin): the names WeasyPrint tries first.
    "win32": (
        "libgobject-2.0-0.dll",
        "libglib-2.0-0.dll",
        "libpango-1.0-0.dll",
        "libpangoft2-1.0-0.dll",
        "libharfbuzz-0.dll",
        "libharfbuzz-subset-0.dll",
        "libfontconfig-1.dll",
    ),
    # Homebrew (/opt/homebrew/lib or /usr/local/lib): the names WeasyPrint asks dlopen for.
    "darwin": (
        "libgobject-2.0.0.dylib",
        "libglib-2.0.0.dylib",
        "libpango-1.0.dylib",
        "libpangoft2-1.0.dylib",
        "libharfbuzz.0.dylib",
        "libharfbuzz-subset.0.dylib",
        "libfontconfig.1.dylib",
    ),
}

# Qt plugin folders the app needs, and which plugins of each (None: all of them). Any other folder
# (wayland-*, eglfs, generic input, tls, networkinformation, sqldrivers...) is left out.
QT_PLUGINS_KEPT: dict[str, frozenset[str] | None] = {
    "platforms": frozenset({"qxcb", "qoffscreen", "qwindows", "qcocoa"}),
    "xcbglintegrations": None,
    "platformthemes": frozenset({"qxdgdesktopportal"}),  # not gtk3: it drags in GTK's stack
    "platforminputcontexts": frozenset(
        {"composeplatforminputcontextplugin", "ibusplatforminputcontextplugin"}
    ),
    "imageformats": frozenset({"qjpeg", "qsvg"}),  # PNG is built into QtGui; logos are PNG/JPEG
    "iconengines": frozenset({"qsvgicon"}),
    "printsupport": None,
    "styles": None,  # Windows and macOS native styles
}
QT_PLUGINS_DIR = "PySide6/Qt/plugins/"

# Python packages that only development tools import (found through entry points and optional
# imports), never the app.
EXCLUDED_MODULES: tuple[str, ...] = (
    "tkinter",
    "_tkinter",
    "hypothesis",
    "pytest",
    "_pytest",
    "pytestqt",
    "mypy",
    "ast_serialize",
    "IPython",
    "rich",
    "sphinx",
    "setuptools",
    "distutils",
    "pygments",  # only Mako's syntax-highlighting plugin wants it
    "gi",
    "docutils",
    "zopfli",
    "PyQt5",
    "PyQt6",
    "PySide2",
    "PySide6.QtNetwork",
    "PySide6.QtDBus",
    "PySide6.QtOpenGL",
    "PySide6.QtQml",
    "PySide6.QtQuick",
)


# Files the app reads at run time, relative to the bundle's _internal/ folder.
REQUIRED_FILES = (
    "report_templates/base.html",
    "report_templates/fonts/DejaVuSans.ttf",
    "app/data/scaffold_library.toml",
    "app/data/scaffold_library.schema.json",
    "app/data/engagement.schema.json",
    "models/migrations/env.py",
    "models/migrations/versions/0001_initial.py",
    "packaging/icons/scaffold-64.png",
    "PySide6/QtPdf.abi3.so",
    "PySide6/QtPdfWidgets.abi3.so",
    "PySide6/QtPrintSupport.abi3.so",
    "PySide6/QtSvg.abi3.so",
    "PySide6/QtSvgWidgets.abi3.so",
    "PySide6/Qt/lib/libQt6Pdf.so.6",
    "PySide6/Qt/lib/libQt6PdfWidgets.so.6",
    "PySide6/Qt/lib/libQt6SvgWidgets.so.6",
    "PySide6/Qt/plugins/platforms/libqxcb.so",
    "PySide6/Qt/plugins/platforms/libqoffscreen.so",
    "PySide6/Qt/plugins/imageformats/libqsvg.so",
    "PySide6/Qt/plugins/iconengines/libqsvgicon.so",
    "matplotlib/mpl-data/matplotlibrc",
    "matplotlib/mpl-data/fonts/ttf/DejaVuSans.ttf",
    *NATIVE_TEXT_LIBS["linux"],
)
# What trimming removed; finding any of it means the spec's rules stopped applying.
TRIMMED_FILES = (
    "PySide6/Qt/translations",
    "PySide6/Qt/plugins/platforms/libqwayland.so",
    "PySide6/Qt/plugins/platformthemes/libqgtk3.so",
    "PySide6/Qt/plugins/wayland-shell-integration",
    "PySide6/Qt/plugins/egldeviceintegrations",
    "PySide6/Qt/plugins/tls",
    "hypothesis",
    "_pytest",
    "mypy",
    "tkinter",
)


def plugin_stem(filename: str) -> str:
    """A Qt plugin's name without `lib` and extension: `libqxcb.so` and `qxcb.dll` give `qxcb`."""
    name = PurePosixPath(filename).name
    for suffix in (".so", ".dll", ".dylib"):
        if name.endswith(suffix):
            name = name[: -len(suffix)]
    return name.removeprefix("lib")


def keeps_file(dest: str) -> bool:
    """Whether a file bound for `dest` (a path inside the bundle) stays in it."""
    dest = _posix(dest)
    if dest.startswith(QT_PLUGINS_DIR):
        parts = dest[len(QT_PLUGINS_DIR) :].split("/")
        if parts[0] not in QT_PLUGINS_KEPT:
            return False
        wanted = QT_PLUGINS_KEPT[parts[0]]
        return wanted is None or len(parts) < 2 or plugin_stem(parts[-1]) in wanted
    if dest.startswith("PySide6/Qt/translations/"):
        return False  # the app has no translations of its own and loads none of Qt's
    if dest.startswith("pyphen/dictionaries/"):
        # The templates hyphenate by hand (hyphens: manual); English is kept for safety.
        return PurePosixPath(dest).name.startswith("hyph_en")
    return not dest.startswith("matplotlib/mpl-data/sample_data/")


def _is_library(entry: Entry) -> bool:
    dest, _src, typecode = entry
    return typecode == "BINARY" and not _posix(dest).startswith(QT_PLUGINS_DIR)


def _posix(dest: str) -> str:
    return dest.replace("\\", "/")


def _name(dest: str) -> str:
    return PurePosixPath(_posix(dest)).name


def prune_orphans(
    binaries: list[Entry],
    needed: Callable[[str], Iterable[str]],
    keep: Callable[[str], bool],
) -> list[Entry]:
    """The binaries without the shared libraries that nothing left in the bundle links to.

    Roots are Python extensions, Qt plugins and the libraries `keep(name)` holds on to (libpython,
    those loaded with dlopen); `needed(src)` names the libraries a binary links to. Run after
    `keeps_file`, so that the libraries only the dropped plugins used (GTK's, Wayland's, EGLFS's)
    go too.
    """
    libraries = {_name(entry[0]): entry for entry in binaries if _is_library(entry)}
    roots = [entry for entry in binaries if not _is_library(entry)]
    roots += [entry for name, entry in libraries.items() if keep(name)]
    reached = {_name(entry[0]) for entry in roots}
    pending = [entry[1] for entry in roots]
    while pending:
        for lib in needed(pending.pop()):
            name = _name(lib)
            if name in libraries and name not in reached:
                reached.add(name)
                pending.append(libraries[name][1])
    return [entry for entry in binaries if not _is_library(entry) or _name(entry[0]) in reached]


def drop_dangling_symlinks(datas: list[Entry], binaries: list[Entry]) -> list[Entry]:
    """`datas` without the symlinks (`(link, target, "SYMLINK")`) whose target is not bundled."""
    present = {_posix(entry[0]) for entry in [*binaries, *datas] if entry[2] != "SYMLINK"}
    return [entry for entry in datas if entry[2] != "SYMLINK" or _posix(entry[1]) in present]


def is_pythons_own(dest: str) -> bool:
    """Whether `dest` is the interpreter's own libpython or one of its lib-dynload extensions."""
    path = PurePosixPath(_posix(dest))
    in_dynload = len(path.parts) == 3 and path.parts[1] == "lib-dynload"
    return path.name.startswith("libpython") or (in_dynload and path.parts[0].startswith("python"))


def may_strip(dest: str, typecode: str, has_search_path: bool) -> bool:
    """Whether stripping symbols from this binary is safe and worth it.

    Yes for Python's own binaries (a source-built Python's carry ~25 MB of debug information) and
    for extension modules without an RPATH/RUNPATH. No for everything auditwheel patched (the
    vendored `*.libs/` libraries and the extensions given a search path to them): `strip` breaks
    patched files, e.g. numpy's OpenBLAS ("ELF load command address/offset not page-aligned").
    Qt's libraries come stripped already.
    """
    if is_pythons_own(dest):
        return True
    return typecode == "EXTENSION" and not has_search_path


def platform_key() -> str:
    """`linux`, `win32` or `darwin`: the key of `NATIVE_TEXT_LIBS` for this machine."""
    return "linux" if sys.platform.startswith("linux") else sys.platform
