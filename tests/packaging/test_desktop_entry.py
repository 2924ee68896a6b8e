"""The Linux desktop entry launches `scaffold` with an icon that exists in every size it names."""

import configparser
import struct
import xml.etree.ElementTree as ET
from pathlib import Path

PACKAGING = Path(__file__).resolve().parents[2] / "packaging"
ICONS = PACKAGING / "icons"
PNG_SIZES = (16, 24, 32, 48, 64, 128, 256, 512)


def entry() -> configparser.SectionProxy:
    parser = configparser.ConfigParser(interpolation=None)
    parser.optionxform = str  # keys are case-sensitive in desktop entries
    parser.read(PACKAGING / "scaffold.desktop", encoding="utf-8")
    return parser["Desktop Entry"]


def test_the_entry_starts_the_program_by_name_with_its_icon():
    desktop = entry()
    assert desktop["Type"] == "Application"
    assert desktop["Name"] == "Scaffold"
    assert desktop["Exec"] == "scaffold"
    assert desktop["Icon"] == "scaffold"
    assert desktop["Terminal"] == "false"
    assert desktop["Categories"].endswith(";")
    assert desktop["StartupWMClass"] == "Scaffold"  # Qt's WM_CLASS class: the application name


def test_each_png_is_square_and_the_size_its_name_says():
    for size in PNG_SIZES:
        data = (ICONS / f"scaffold-{size}.png").read_bytes()
        assert data[:8] == b"\x89PNG\r\n\x1a\n"
        width, height = struct.unpack(">II", data[16:24])  # the IHDR chunk
        assert (width, height) == (size, size)


def test_the_svg_is_square_and_titled():
    root = ET.parse(ICONS / "scaffold.svg").getroot()
    assert root.get("viewBox") == "0 0 256 256"
    assert root.findtext("{http://www.w3.org/2000/svg}title") == "Scaffold"


def test_windows_and_macos_icons_are_there_for_the_spec():
    assert (ICONS / "scaffold.ico").read_bytes()[:4] == b"\x00\x00\x01\x00"
    assert (ICONS / "scaffold.icns").read_bytes()[:4] == b"icns"
