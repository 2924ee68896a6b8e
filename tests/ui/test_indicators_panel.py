"""The learning-indicators panel and its dialog: add, edit, delete with undo, inline errors."""

from datetime import date

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel

from app.services.engagements import EngagementDetails, create_engagement
from app.services.indicators import IndicatorInput, add_indicator, list_indicators
from app.storage import transaction
from app.vocab import IndicatorKind
from ui.followup.indicator_dialog import IndicatorDialog
from ui.followup.indicators_panel import IndicatorsPanel


@pytest.fixture
def engagement_id(db_engine) -> int:
    with transaction(db_engine) as s:
        e = create_engagement(
            session=s, data=EngagementDetails(team_name="Claims", manager_name="Sofia")
        )
        assert e.id is not None
        return e.id


@pytest.fixture
def panel(editing, qtbot) -> IndicatorsPanel:
    panel = IndicatorsPanel(editing)
    qtbot.addWidget(panel)
    panel.resize(800, 400)
    with qtbot.waitActive(panel):
        panel.show()
        panel.activateWindow()
    return panel


def seed(db_engine, engagement_id, name: str, **changes) -> int:
    data = IndicatorInput(**({"name": name, "ltem_tier": 1} | changes))
    with transaction(db_engine) as s:
        row = add_indicator(session=s, engagement_id=engagement_id, data=data)
        assert row.id is not None
        return row.id


def stored(db_engine, engagement_id):
    with transaction(db_engine) as s:
        return [
            (i.name, i.ltem_tier, i.kind, i.value, i.unit, i.recorded_on, i.note)
            for i in list_indicators(session=s, engagement_id=engagement_id)
        ]


def shown(panel: IndicatorsPanel) -> list[list[str]]:
    table = panel.table
    return [
        [table.item(r, c).text() for c in range(table.columnCount())]
        for r in range(table.rowCount())
    ]


def answer(monkeypatch, qtbot, fill) -> list[IndicatorDialog]:
    """Replace the modal `ask` with the real dialog, shown, filled by `fill(dialog)`."""
    dialogs: list[IndicatorDialog] = []

    def ask(cls, parent, save, initial=None):
        dialog = cls(save, initial, parent)
        qtbot.addWidget(dialog)
        dialog.show()
        dialogs.append(dialog)
        fill(dialog)
        return dialog.result() == dialog.DialogCode.Accepted

    monkeypatch.setattr(IndicatorDialog, "ask", classmethod(ask))
    return dialogs


def choose(combo, text: str) -> None:
    index = combo.findText(text)
    assert index >= 0, text
    combo.setCurrentIndex(index)


def test_an_empty_list_says_so_and_offers_only_add(panel) -> None:
    assert panel.empty_label.isVisible()
    assert panel.table.isHidden()
    assert panel.add_button.isEnabled()
    assert not panel.edit_button.isEnabled()
    assert not panel.delete_button.isEnabled()


def test_adding_an_indicator_stores_and_shows_it(
    panel, qtbot, monkeypatch, db_engine, engagement_id
) -> None:
    def fill(dialog: IndicatorDialog) -> None:
        assert dialog.windowTitle() == "New learning indicator"
        qtbot.keyClicks(dialog.name_edit, "Learner satisfaction")
        choose(dialog.tier_combo, "3 · Learner perceptions")
        assert dialog.tier_meaning.text().startswith("What learners say about the learning")
        choose(dialog.kind_combo, "Satisfaction")
        qtbot.keyClicks(dialog.value_edit, "4,6")
        qtbot.keyClicks(dialog.unit_edit, "out of 5")
        dialog.date_edit.set_value(date(2026, 3, 2))
        dialog.note_edit.setPlainText("End-of-course form,\n12 replies")
        dialog.accept()

    answer(monkeypatch, qtbot, fill)
    qtbot.mouseClick(panel.add_button, Qt.MouseButton.LeftButton)
    assert stored(db_engine, engagement_id) == [
        (
            "Learner satisfaction",
            3,
            IndicatorKind.satisfaction,
            4.6,
            "out of 5",
            date(2026, 3, 2),
            "End-of-course form,\n12 replies",
        )
    ]
    assert shown(panel) == [
        [
            "Learner satisfaction",
            "3 · Learner perceptions",
            "4.6 out of 5",
            "2 Mar 2026",
            "End-of-course form, 12 replies",
        ]
    ]
    assert panel.table.item(0, 4).toolTip() == "End-of-course form,\n12 replies"
    assert panel.status_label.text() == "Added “Learner satisfaction”."
    assert panel.selected_id() is not None
    assert panel.table.isVisible() and panel.empty_label.isHidden()


def test_ctrl_enter_saves_the_dialog(qtbot) -> None:
    saved: list[IndicatorInput] = []
    dialog = IndicatorDialog(saved.append)
    qtbot.addWidget(dialog)
    with qtbot.waitActive(dialog):  # shortcuts reach the active window only
        dialog.show()
        dialog.activateWindow()
    qtbot.keyClicks(dialog.name_edit, "Workshop attendance")
    qtbot.keyClick(dialog.name_edit, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    assert [data.name for data in saved] == ["Workshop attendance"]
    assert dialog.result() == dialog.DialogCode.Accepted


def test_every_field_of_the_dialog_has_a_label_with_a_mnemonic(qtbot) -> None:
    dialog = IndicatorDialog(lambda data: None)
    qtbot.addWidget(dialog)
    buddies = {
        label.buddy(): label.text()
        for label in dialog.findChildren(QLabel)
        if label.buddy() is not None
    }
    fields = (
        dialog.name_edit,
        dialog.tier_combo,
        dialog.kind_combo,
        dialog.value_edit,
        dialog.unit_edit,
        dialog.date_edit,
        dialog.note_edit,
    )
    for widget in fields:
        assert "&" in buddies.get(widget, ""), widget.accessibleName()
    keys = [buddies[w].split("&")[1][0].casefold() for w in fields]
    assert len(set(keys)) == len(keys)  # no two fields share a key


def test_a_problem_is_shown_under_its_field_and_nothing_is_saved(
    panel, qtbot, monkeypatch, db_engine, engagement_id
) -> None:
    def fill(dialog: IndicatorDialog) -> None:
        qtbot.keyClicks(dialog.value_edit, "twelve")
        qtbot.keyClicks(dialog.unit_edit, "of 14")
        dialog.accept()
        assert dialog.errors.message("value").startswith("The value: “twelve” is not a number")
        assert dialog.isVisible()
        dialog.value_edit.setText("12")
        dialog.accept()  # the name is still missing: the service says so under the name
        assert dialog.errors.shown_fields() == {"name"}
        assert dialog.errors.message("name") == "The indicator's name is required."
        assert dialog.isVisible()
        assert (dialog.value_edit.text(), dialog.unit_edit.text()) == ("12", "of 14")
        assert stored(db_engine, engagement_id) == []
        dialog.reject()

    answer(monkeypatch, qtbot, fill)
    panel.add_button.click()
    assert stored(db_engine, engagement_id) == []
    assert shown(panel) == []
    assert panel.status_label.text() == ""


def test_enter_edits_the_selected_indicator(
    panel, qtbot, monkeypatch, db_engine, engagement_id
) -> None:
    seed(db_engine, engagement_id, "Workshop attendance", value=11.0, unit="of 14")
    seed(db_engine, engagement_id, "Quiz score", ltem_tier=4, value=78.0, unit="%")
    panel.reload()
    assert [row[2] for row in shown(panel)] == ["11 of 14", "78%"]

    def fill(dialog: IndicatorDialog) -> None:
        assert dialog.windowTitle() == "Edit learning indicator"
        assert (dialog.name_edit.text(), dialog.value_edit.text()) == ("Quiz score", "78")
        assert dialog.tier_combo.currentText() == "4 · Knowledge"
        dialog.value_edit.setText("81.5")
        dialog.accept()

    answer(monkeypatch, qtbot, fill)
    panel.table.setFocus()
    panel.table.selectRow(1)
    qtbot.keyClick(panel.table, Qt.Key.Key_Return)
    assert [row[3] for row in stored(db_engine, engagement_id)] == [11.0, 81.5]
    assert shown(panel)[1][:3] == ["Quiz score", "4 · Knowledge", "81.5%"]
    assert panel.status_label.text() == "Saved."


def test_double_click_edits_too(panel, qtbot, monkeypatch, db_engine, engagement_id) -> None:
    seed(db_engine, engagement_id, "Workshop attendance")
    panel.reload()
    opened = answer(monkeypatch, qtbot, lambda dialog: dialog.reject())
    rect = panel.table.visualItemRect(panel.table.item(0, 0))
    qtbot.mouseClick(panel.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.mouseDClick(panel.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert [d.name_edit.text() for d in opened] == ["Workshop attendance"]
    assert panel.status_label.text() == ""


def test_the_delete_key_deletes_and_undo_brings_it_back(
    panel, editing, qtbot, db_engine, engagement_id
) -> None:
    seed(db_engine, engagement_id, "Workshop attendance")
    seed(db_engine, engagement_id, "Quiz score", ltem_tier=4)
    panel.reload()
    panel.table.setFocus()
    panel.table.selectRow(0)
    qtbot.keyClick(panel.table, Qt.Key.Key_Delete)
    assert [row[0] for row in stored(db_engine, engagement_id)] == ["Quiz score"]
    assert [row[0] for row in shown(panel)] == ["Quiz score"]
    assert panel.status_label.text() == "Deleted “Workshop attendance” — Ctrl+Z to undo."
    assert editing.undo_stack.undoText() == "Delete learning indicator"
    editing.undo_stack.undo()
    names = ["Workshop attendance", "Quiz score"]
    assert [row[0] for row in stored(db_engine, engagement_id)] == names
    assert [row[0] for row in shown(panel)] == names
    assert panel.status_label.text() == ""


def test_the_delete_button_deletes_the_selected_one_only(panel, db_engine, engagement_id) -> None:
    seed(db_engine, engagement_id, "Workshop attendance")
    seed(db_engine, engagement_id, "Quiz score", ltem_tier=4)
    panel.reload()
    panel.table.selectRow(1)
    panel.delete_button.click()
    assert [row[0] for row in stored(db_engine, engagement_id)] == ["Workshop attendance"]
    assert not panel.delete_button.isEnabled()  # nothing is selected any more
