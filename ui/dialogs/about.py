"""The About box: Scaffold's icon, name and version, what it is for, and what it runs on."""

from __future__ import annotations

import platform

from PySide6 import __version__ as pyside_version
from PySide6.QtCore import Qt, qVersion
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QVBoxLayout,
    QWidget,
)

from app import __version__
from ui.app_icon import app_icon
from ui.style import heading, soften

ICON_SIZE = 64
PURPOSE = (
    "From a manager's request to better team performance: a needs-to-performance diagnostic, "
    "the agreement, a scaffolding plan and check-ins."
)
PRIVACY = "Works offline; your consultations stay on this computer."


def version_line() -> str:
    """`Version 0.1.0`: the number `scaffold --version` prints too."""
    return f"Version {__version__}"


def runtime_line() -> str:
    """What this copy runs on, for a support request: Qt, PySide6 and Python versions."""
    return f"Qt {qVersion()} · PySide6 {pyside_version} · Python {platform.python_version()}"


class AboutDialog(QDialog):
    """Names the app and its version; says where its database is, for support."""

    def __init__(self, database: object, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("About Scaffold")
        self.icon_label = QLabel()
        icon = app_icon()
        if not icon.isNull():
            self.icon_label.setPixmap(icon.pixmap(ICON_SIZE, ICON_SIZE))
        self.icon_label.setAlignment(Qt.AlignmentFlag.AlignTop)
        self.name_label = heading(QLabel("Scaffold"))
        self.version_label = QLabel(version_line())
        purpose = QLabel(PURPOSE)
        privacy = QLabel(PRIVACY)
        self.details_label = soften(QLabel(f"{runtime_line()}\nDatabase: {database}"))
        for label in (purpose, privacy, self.details_label):
            label.setWordWrap(True)
        for label in (self.version_label, self.details_label):
            label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.buttons.rejected.connect(self.reject)

        text = QVBoxLayout()
        for widget in (self.name_label, self.version_label, purpose, privacy):
            text.addWidget(widget)
        text.addSpacing(8)
        text.addWidget(self.details_label)
        text.addStretch(1)
        top = QHBoxLayout()
        top.addWidget(self.icon_label)
        top.addSpacing(12)
        top.addLayout(text, 1)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(440)

    @classmethod
    def ask(cls, parent: QWidget | None, database: object) -> None:
        """Show the box modally until it is closed (tests replace this)."""
        dialog = cls(database, parent)
        try:
            dialog.exec()
        finally:
            dialog.deleteLater()
