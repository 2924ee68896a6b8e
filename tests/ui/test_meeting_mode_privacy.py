"""Meeting mode keeps the partner's private notes off the shared screen and out of the agreement."""

import json
from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QComboBox,
    QGroupBox,
    QLabel,
    QLineEdit,
    QListWidget,
    QPlainTextEdit,
    QTextEdit,
    QWidget,
)

from app.demo import load_demo
from app.exchange.document import agreement_content
from app.flow.steps import STEPS
from app.services.agreement import list_versions, version_content
from app.services.notes import list_private_notes
from app.storage import transaction
from ui.main_window import MainWindow
from ui.pages.sign_off import SignConfirmation

NOTE = "Zanzibar budget: the director wants a course whatever we find"
DEMO_NOTE_PART = "under pressure from her director"  # the demo's own private note
SECRETS = ("Zanzibar", DEMO_NOTE_PART)


def visible_texts(window: QWidget) -> list[str]:
    """Every text a person can see in the window: labels, inputs, list items, buttons, titles."""
    texts = [window.windowTitle()]
    for widget in window.findChildren(QWidget):
        if not widget.isVisible():
            continue
        if isinstance(widget, (QLabel, QLineEdit)):
            texts.append(widget.text())
        elif isinstance(widget, (QPlainTextEdit, QTextEdit)):
            texts.append(widget.toPlainText())
        elif isinstance(widget, QListWidget):
            texts += [widget.item(row).text() for row in range(widget.count())]
        elif isinstance(widget, QComboBox):
            texts += [widget.itemText(i) for i in range(widget.count())]
        elif isinstance(widget, QAbstractButton):
            texts.append(widget.text())
        elif isinstance(widget, QGroupBox):
            texts.append(widget.title())
    return texts


def secrets_shown(window: QWidget) -> list[str]:
    """The visible texts that give away a private note."""
    return [t for t in visible_texts(window) if any(secret in t for secret in SECRETS)]


def view_menu_action(window: MainWindow, text: str):
    view = next(a.menu() for a in window.menuBar().actions() if a.text() == "&View")
    return next(a for a in view.actions() if a.text() == text)


def test_meeting_mode_shows_no_private_note_on_any_step_and_signing_leaves_them_out(
    qtbot, store, settings, db_engine, monkeypatch
):
    with transaction(db_engine) as s:
        eid = load_demo(session=s, today=date.today()).id
    window = MainWindow(store, settings)
    qtbot.addWidget(window)
    window.resize(1280, 800)
    window.show()
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    assert window.host.open(eid)
    editor = window.host.editor
    notes = editor.notes

    # A note typed in the panel, and the demo's own note: both on screen outside meeting mode.
    qtbot.mouseClick(notes.add_button, Qt.MouseButton.LeftButton)
    qtbot.keyClicks(notes.editor, NOTE)
    qtbot.waitUntil(
        lambda: (
            NOTE
            in [
                n.text
                for n in store_read(
                    db_engine, lambda s: list_private_notes(session=s, engagement_id=eid)
                )
            ]
        )
    )
    assert notes.isVisible()
    shown = secrets_shown(window)
    assert any(NOTE in t for t in shown)  # the text being edited and its line in the list
    assert any(DEMO_NOTE_PART in t for t in shown)

    # View ▸ Meeting mode: on every step, nothing of either note is anywhere in the window.
    meeting = view_menu_action(window, "&Meeting mode")
    assert meeting is window.host.meeting_action
    meeting.trigger()
    assert meeting.isChecked()
    assert not notes.isVisible()
    for number, step in enumerate(STEPS):
        window.host.step_actions[number].trigger()
        assert editor.current_step() is step.id
        assert editor.stack.currentWidget().isVisible()
        assert secrets_shown(window) == [], f"a private note shows on step {step.number}"

    # Leaving meeting mode brings the panel back, with the notes.
    meeting.trigger()
    assert not meeting.isChecked()
    assert notes.isVisible()
    assert any(NOTE in t for t in secrets_shown(window))

    # Signing version 2 freezes the agreed content: no private note in it.
    monkeypatch.setattr(SignConfirmation, "ask", classmethod(lambda cls, *args: True))
    agreement = editor.page(STEPS[-1].id)
    qtbot.mouseClick(agreement.signed_box.amend_button, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(agreement.sign_box.sign_button, Qt.MouseButton.LeftButton)
    versions = store_read(db_engine, lambda s: list_versions(session=s, engagement_id=eid))
    assert [v.number for v in versions] == [1, 2]
    stored_notes = store_read(
        db_engine, lambda s: [n.text for n in list_private_notes(session=s, engagement_id=eid)]
    )
    assert len(stored_notes) == 2 and NOTE in stored_notes  # they exist, yet stay out:
    for version in versions:
        frozen = json.dumps(version_content(version), ensure_ascii=False)
        for text in stored_notes:
            assert text not in frozen
        assert "Zanzibar" not in frozen and DEMO_NOTE_PART not in frozen
    live = json.dumps(
        store_read(db_engine, lambda s: agreement_content(s, eid)), ensure_ascii=False
    )
    assert "Zanzibar" not in live and DEMO_NOTE_PART not in live
    assert json.loads(live)["goal"]  # the content itself is there


def store_read(db_engine, query):
    with transaction(db_engine) as s:
        return query(s)
