"""What the bundle keeps: Qt plugins by folder and name, trimmed data, unlinked libraries."""

import pytest


@pytest.mark.parametrize(
    "dest",
    [
        "PySide6/Qt/plugins/platforms/libqxcb.so",
        "PySide6/Qt/plugins/platforms/libqoffscreen.so",
        "PySide6/Qt/plugins/platforms/qwindows.dll",
        "PySide6/Qt/plugins/platforms/libqcocoa.dylib",
        "PySide6/Qt/plugins/imageformats/libqsvg.so",
        "PySide6/Qt/plugins/imageformats/libqjpeg.so",
        "PySide6/Qt/plugins/iconengines/libqsvgicon.so",
        "PySide6/Qt/plugins/printsupport/libcupsprintersupport.so",
        "PySide6/Qt/plugins/xcbglintegrations/libqxcb-glx-integration.so",
        "PySide6/Qt/plugins/styles/qmodernwindowsstyle.dll",
        "PySide6/Qt/lib/libQt6Pdf.so.6",
        "PySide6/QtSvgWidgets.abi3.so",
        "report_templates/fonts/DejaVuSans.ttf",
        "matplotlib/mpl-data/fonts/ttf/DejaVuSans.ttf",
        "pyphen/dictionaries/hyph_en_GB.dic",
    ],
)
def test_what_the_app_uses_is_kept(rules, dest):
    assert rules.keeps_file(dest)


@pytest.mark.parametrize(
    "dest",
    [
        "PySide6/Qt/plugins/platforms/libqwayland.so",
        "PySide6/Qt/plugins/platforms/libqeglfs.so",
        "PySide6/Qt/plugins/platforms/libqvnc.so",
        "PySide6/Qt/plugins/platformthemes/libqgtk3.so",
        "PySide6/Qt/plugins/wayland-shell-integration/libxdg-shell.so",
        "PySide6/Qt/plugins/egldeviceintegrations/libqeglfs-x11-integration.so",
        "PySide6/Qt/plugins/tls/libqopensslbackend.so",
        "PySide6/Qt/plugins/imageformats/libqtiff.so",
        "PySide6/Qt/plugins/imageformats/libqpdf.so",
        "PySide6\\Qt\\plugins\\generic\\qtuiotouchplugin.dll",
        "PySide6/Qt/translations/qtbase_de.qm",
        "pyphen/dictionaries/hyph_de_DE.dic",
        "matplotlib/mpl-data/sample_data/goog.npz",
    ],
)
def test_what_the_app_does_not_use_is_dropped(rules, dest):
    assert not rules.keeps_file(dest)


@pytest.mark.parametrize(
    ("filename", "stem"),
    [("libqxcb.so", "qxcb"), ("qwindows.dll", "qwindows"), ("libqcocoa.dylib", "qcocoa")],
)
def test_plugin_names_compare_without_prefix_and_extension(rules, filename, stem):
    assert rules.plugin_stem(filename) == stem


def _binaries():
    return [
        ("PySide6/QtCore.abi3.so", "/src/QtCore.abi3.so", "EXTENSION"),
        ("PySide6/Qt/lib/libQt6Core.so.6", "/src/libQt6Core.so.6", "BINARY"),
        ("libicuuc.so.73", "/src/libicuuc.so.73", "BINARY"),
        ("PySide6/Qt/plugins/platforms/libqxcb.so", "/src/libqxcb.so", "BINARY"),
        ("libxcb-cursor.so.0", "/src/libxcb-cursor.so.0", "BINARY"),
        ("libatk-1.0.so.0", "/src/libatk-1.0.so.0", "BINARY"),  # only the dropped gtk3 theme
        ("libpango-1.0.so.0", "/src/libpango-1.0.so.0", "BINARY"),  # dlopened by WeasyPrint
        ("libpython3.11.so.1.0", "/src/libpython3.11.so.1.0", "BINARY"),
    ]


NEEDED = {
    "/src/QtCore.abi3.so": ["libQt6Core.so.6", "libc.so.6"],
    "/src/libQt6Core.so.6": ["libicuuc.so.73"],
    "/src/libqxcb.so": ["libxcb-cursor.so.0", "libQt6Core.so.6"],
}


def test_libraries_nothing_kept_links_to_are_pruned(rules):
    kept = rules.prune_orphans(
        _binaries(),
        needed=lambda src: NEEDED.get(src, []),
        keep=lambda name: name == "libpango-1.0.so.0" or name.startswith("libpython"),
    )
    names = [dest for dest, _src, _code in kept]
    assert "libatk-1.0.so.0" not in names
    assert names == [dest for dest, _src, _code in _binaries() if dest != "libatk-1.0.so.0"]


def test_a_library_reached_only_through_another_library_stays(rules):
    kept = rules.prune_orphans(
        _binaries(), needed=lambda src: NEEDED.get(src, []), keep=lambda name: False
    )
    names = {dest for dest, _src, _code in kept}
    assert "libicuuc.so.73" in names  # extension → libQt6Core → libicuuc
    assert "libpango-1.0.so.0" not in names  # nothing links to it and nobody keeps it


def test_symlinks_to_pruned_libraries_go_too(rules):
    binaries = [("PySide6/Qt/lib/libQt6Core.so.6", "/src/libQt6Core.so.6", "BINARY")]
    datas = [
        ("libQt6Core.so.6", "PySide6/Qt/lib/libQt6Core.so.6", "SYMLINK"),
        ("libQt6Wayland.so.6", "PySide6/Qt/lib/libQt6Wayland.so.6", "SYMLINK"),
        ("app/data/scaffold_library.toml", "/src/scaffold_library.toml", "DATA"),
    ]
    assert rules.drop_dangling_symlinks(datas, binaries) == [datas[0], datas[2]]


def test_every_platform_names_all_of_weasyprints_libraries(rules):
    needed = ("gobject", "glib", "pango-", "pangoft2", "harfbuzz", "harfbuzz-subset", "fontconfig")
    for platform, names in rules.NATIVE_TEXT_LIBS.items():
        for part in needed:
            assert any(part in name for name in names), (platform, part)


@pytest.mark.parametrize(
    ("dest", "typecode", "has_search_path", "strip"),
    [
        ("libpython3.11.so.1.0", "BINARY", True, True),  # pyenv sets a RUNPATH; still Python's
        ("python3.11/lib-dynload/_ssl.cpython-311-x86_64-linux-gnu.so", "EXTENSION", False, True),
        ("kiwisolver/_cext.cpython-311-x86_64-linux-gnu.so", "EXTENSION", False, True),
        ("numpy/_core/_multiarray_umath.cpython-311-x86_64-linux-gnu.so", "EXTENSION", True, False),
        ("numpy.libs/libscipy_openblas64_-32a4b2a6.so", "BINARY", False, False),
        ("PySide6/Qt/lib/libQt6Core.so.6", "BINARY", False, False),
        ("libpango-1.0.so.0", "BINARY", False, False),
    ],
)
def test_only_pythons_own_and_unpatched_extensions_are_stripped(
    rules, dest, typecode, has_search_path, strip
):
    assert rules.may_strip(dest, typecode, has_search_path) is strip
