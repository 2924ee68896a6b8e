"""Draw packaging/icons/scaffold-<size>.png, scaffold.ico and scaffold.icns from scaffold.svg.

Run after editing the SVG: `.venv/bin/python packaging/make_icons.py`. Qt's SVG renderer draws
the PNGs; Pillow (a matplotlib dependency) packs the Windows and macOS icon files.
"""

import sys
from pathlib import Path

from PIL import Image
from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication, QImage, QPainter
from PySide6.QtSvg import QSvgRenderer

ICONS = Path(__file__).resolve().parent / "icons"
SIZES = (16, 24, 32, 48, 64, 128, 256, 512)


def draw_png(renderer: QSvgRenderer, size: int, target: Path) -> None:
    """Render the SVG at `size` × `size` pixels into `target`."""
    image = QImage(size, size, QImage.Format.Format_ARGB32_Premultiplied)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    renderer.render(painter)
    painter.end()
    if not image.save(str(target)):
        raise OSError(f"Could not write {target}.")


def main() -> int:
    """Write every PNG size, then the .ico and .icns made from them."""
    _app = QGuiApplication(sys.argv[:1])
    renderer = QSvgRenderer(str(ICONS / "scaffold.svg"))
    if not renderer.isValid():
        print("scaffold.svg could not be read.", file=sys.stderr)
        return 1
    for size in SIZES:
        draw_png(renderer, size, ICONS / f"scaffold-{size}.png")
    largest = Image.open(ICONS / "scaffold-512.png")
    largest.save(ICONS / "scaffold.ico", sizes=[(s, s) for s in SIZES if s <= 256])
    largest.save(ICONS / "scaffold.icns")
    print(f"Wrote {len(SIZES)} PNGs, scaffold.ico and scaffold.icns in {ICONS}.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
