"""The Preferences dialog against a real database: OK stores everything at once, Cancel nothing."""

import io
import sqlite3

import pytest
from PIL import Image
from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QDialog

from app.services.settings import PlanSettings, Preferences
from ui.dialogs.preferences import NO_LOGO, PreferencesDialog
from ui.main_window import MainWindow


def picture(kind: str = "PNG") -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (90, 30), (200, 40, 40)).save(out, format=kind)
    return out.getvalue()


def stored(store) -> dict[str, str]:
    with sqlite3.connect(str(store.location)) as db:
        return dict(db.execute("SELECT key, value FROM app_setting WHERE key NOT LIKE 'library%'"))


@pytest.fixture(autouse=True)
def _no_real_file_dialog(monkeypatch):
    """A test that does not answer the file dialog fails instead of waiting for a person."""

    def refuse(cls, parent):
        raise AssertionError("the real file dialog was opened")

    monkeypatch.setattr(PreferencesDialog, "ask_logo_file", classmethod(refuse))


@pytest.fixture
def open_dialog(qtbot, store):
    def _open() -> PreferencesDialog:
        dialog = PreferencesDialog(store)
        qtbot.addWidget(dialog)
        dialog.show()
        qtbot.waitExposed(dialog)
        return dialog

    return _open


def choose(monkeypatch, qtbot, dialog, path) -> None:
    """Click "Choose…" with the file dialog answering `path`."""
    monkeypatch.setattr(PreferencesDialog, "ask_logo_file", classmethod(lambda cls, p: str(path)))
    qtbot.mouseClick(dialog.choose_button, Qt.MouseButton.LeftButton)


def test_ok_stores_every_preference(qtbot, monkeypatch, tmp_path, store, open_dialog):
    logo = tmp_path / "logo.png"
    logo.write_bytes(picture())
    dialog = open_dialog()
    assert dialog.logo_preview.text() == NO_LOGO and not dialog.remove_button.isEnabled()
    qtbot.keyClicks(dialog.partner_edit, "Sam Okafor")
    qtbot.keyClicks(dialog.organisation_edit, "Northwind Utilities")
    dialog.paper_combo.setCurrentIndex(dialog.paper_combo.findText("US Letter"))
    choose(monkeypatch, qtbot, dialog, logo)
    assert dialog.logo_preview.pixmap() is not None and not dialog.logo_preview.pixmap().isNull()
    assert dialog.remove_button.isEnabled()
    with qtbot.waitSignal(dialog.accepted):
        qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)

    assert store.preferences() == Preferences(
        "Sam Okafor", PlanSettings("letter", "Northwind Utilities", logo.read_bytes())
    )
    again = open_dialog()
    assert again.partner_edit.text() == "Sam Okafor"
    assert again.organisation_edit.text() == "Northwind Utilities"
    assert again.paper_combo.currentText() == "US Letter"
    assert not again.logo_preview.pixmap().isNull()


def test_a_file_that_is_not_a_picture_is_refused_inline(
    qtbot, monkeypatch, tmp_path, store, open_dialog
):
    store.save_preferences(Preferences("Sam", PlanSettings(logo_png=picture("JPEG"))))
    before = stored(store)
    fake = tmp_path / "logo.png"
    fake.write_bytes(b"%PDF-1.7 this is a document, not a picture")
    dialog = open_dialog()
    choose(monkeypatch, qtbot, dialog, fake)

    assert dialog.error_text("logo") == (
        "The logo must be a PNG or JPEG picture; this file is neither."
    )
    assert dialog.choose_button.accessibleDescription() == dialog.error_text("logo")
    assert dialog.logo == picture("JPEG")  # the logo already chosen stays
    assert not dialog.logo_preview.pixmap().isNull()
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    assert stored(store) == before


def test_a_logo_over_1_mb_is_refused_without_reading_it(
    qtbot, monkeypatch, tmp_path, store, open_dialog
):
    big = tmp_path / "big.png"
    big.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(3 * 1024 * 1024))
    dialog = open_dialog()
    choose(monkeypatch, qtbot, dialog, big)
    assert dialog.error_text("logo") == "The logo is 3.0 MB; please use a picture of at most 1 MB."
    assert dialog.logo is None
    missing = tmp_path / "gone.png"
    choose(monkeypatch, qtbot, dialog, missing)
    assert dialog.error_text("logo").startswith("The file could not be read")


def test_a_too_long_organisation_is_shown_and_nothing_is_written(qtbot, store, open_dialog):
    dialog = open_dialog()
    qtbot.keyClicks(dialog.partner_edit, "Sam Okafor")
    dialog.organisation_edit.setText("N" * 201)
    qtbot.keyClick(dialog.partner_edit, Qt.Key.Key_Return)

    assert dialog.isVisible() and dialog.result() != QDialog.DialogCode.Accepted
    assert dialog.error_text("organisation") == (
        "The organisation's name is 201 characters long; the limit is 200."
    )
    assert dialog.focusWidget() is dialog.organisation_edit
    assert stored(store) == {}  # not even the partner's name
    assert dialog.partner_edit.text() == "Sam Okafor"
    qtbot.keyClick(dialog.organisation_edit, Qt.Key.Key_Backspace)
    assert dialog.error_text("organisation") is None
    with qtbot.waitSignal(dialog.accepted):
        qtbot.keyClick(dialog.organisation_edit, Qt.Key.Key_Return)
    assert store.preferences().plan.organisation == "N" * 200


def test_cancel_changes_nothing(qtbot, monkeypatch, tmp_path, store, open_dialog):
    store.save_preferences(Preferences("Sam", PlanSettings("letter", "Northwind", picture())))
    before = stored(store)
    dialog = open_dialog()
    qtbot.keyClicks(dialog.partner_edit, " and Jo")
    dialog.paper_combo.setCurrentIndex(dialog.paper_combo.findData("a4"))
    qtbot.mouseClick(dialog.remove_button, Qt.MouseButton.LeftButton)
    assert dialog.logo is None and dialog.logo_preview.text() == NO_LOGO
    with qtbot.waitSignal(dialog.rejected):
        qtbot.mouseClick(dialog.cancel_button, Qt.MouseButton.LeftButton)
    assert stored(store) == before


def test_remove_then_ok_deletes_the_logo(qtbot, store, open_dialog):
    store.save_preferences(Preferences("Sam", PlanSettings(logo_png=picture())))
    dialog = open_dialog()
    qtbot.mouseClick(dialog.remove_button, Qt.MouseButton.LeftButton)
    with qtbot.waitSignal(dialog.accepted):
        qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    assert store.preferences().plan.logo_png is None
    assert store.preferences().partner_name == "Sam"


def test_the_main_window_opens_preferences_with_ctrl_comma(qtbot, monkeypatch, store, settings):
    window = MainWindow(store, settings)
    qtbot.addWidget(window)
    assert window.preferences_action.shortcut() == QKeySequence("Ctrl+,")
    file_menu = window.menuBar().actions()[0].menu()
    assert window.preferences_action in file_menu.actions()
    asked = []
    monkeypatch.setattr(
        PreferencesDialog, "ask", classmethod(lambda cls, parent, s: asked.append(s) or True)
    )
    window.preferences_action.trigger()
    assert len(asked) == 1 and asked[0].engine is store.engine
    assert window.statusBar().currentMessage() == "Preferences saved."
