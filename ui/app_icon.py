"""Scaffold's icon for windows and the About box, from the PNGs in packaging/icons/.

The folder sits beside the packages in a checkout and in the PyInstaller bundle (the spec copies
it there); an install without it simply shows no icon.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtGui import QIcon

ICON_DIR = Path(__file__).resolve().parent.parent / "packaging" / "icons"
ICON_SIZES = (16, 24, 32, 48, 64, 128, 256)


def app_icon(icon_dir: Path = ICON_DIR) -> QIcon:
    """The icon in every size found in `icon_dir`; a null icon if there are none."""
    icon = QIcon()
    for size in ICON_SIZES:
        png = icon_dir / f"scaffold-{size}.png"
        if png.is_file():
            icon.addFile(str(png))
    return icon
