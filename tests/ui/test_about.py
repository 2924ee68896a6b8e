"""The About box: icon, name, the project's version, what it runs on, and the database in use."""

import tomllib
from pathlib import Path

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QDialogButtonBox

from ui.app_icon import ICON_SIZES, app_icon
from ui.dialogs.about import AboutDialog

PYPROJECT = Path(__file__).resolve().parents[2] / "pyproject.toml"


def project_version() -> str:
    return tomllib.loads(PYPROJECT.read_text(encoding="utf-8"))["project"]["version"]


def test_the_box_names_the_version_runtime_and_database(qtbot, tmp_path):
    database = tmp_path / "scaffold.sqlite"
    dialog = AboutDialog(database)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)

    assert dialog.windowTitle() == "About Scaffold"
    assert dialog.name_label.text() == "Scaffold"
    assert dialog.version_label.text() == f"Version {project_version()}"
    details = dialog.details_label.text()
    assert "Qt 6." in details
    assert "Python 3." in details
    assert f"Database: {database}" in details
    assert not dialog.icon_label.pixmap().isNull()
    dialog.grab().save(str(tmp_path / "about.png"))


def test_close_ends_the_modal_box(qtbot, tmp_path):
    closed = []

    def press_close():
        box = QApplication.activeModalWidget()
        assert isinstance(box, AboutDialog)
        box.buttons.button(QDialogButtonBox.StandardButton.Close).click()
        closed.append(True)

    QTimer.singleShot(0, press_close)
    AboutDialog.ask(None, tmp_path / "scaffold.sqlite")
    assert closed == [True]


def test_the_icon_comes_in_every_size_of_the_packaging_folder(qapp):
    icon = app_icon()
    sizes = sorted(size.width() for size in icon.availableSizes())
    assert sizes == list(ICON_SIZES)


def test_without_the_icon_folder_the_icon_is_simply_empty(qapp, tmp_path):
    assert app_icon(tmp_path / "nowhere").isNull()
