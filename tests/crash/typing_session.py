"""A real Scaffold window that types into the diagnostic, for the crash test to kill.

Run as `python tests/crash/typing_session.py DATABASE ENGAGEMENT_ID`: it opens the main window on
DATABASE (the app's own start-up code), opens the consultation, goes to step 1 and types one
character at a time into "Team context" through Qt's key events, as a person would, printing
`typed <n> <monotonic time>` after each character. It never stops by itself: the test kills it.
"""

import sys
import time
from pathlib import Path

from PySide6.QtCore import QSettings, Qt, QTimer
from PySide6.QtTest import QTest

from ui.app_main import application, open_store
from ui.main_window import MainWindow

TEXT = "The team answers billing questions by phone and chat. "


def main() -> int:
    """Type until killed."""
    db_path, engagement_id = Path(sys.argv[1]), int(sys.argv[2])
    qt_app = application()
    store = open_store(db_path)
    assert store is not None
    settings = QSettings(str(db_path.with_suffix(".ini")), QSettings.Format.IniFormat)
    window = MainWindow(store, settings)
    window.show()
    assert window.host.open(engagement_id)
    editor = window.host.editor
    assert editor is not None
    page = editor.pages[next(iter(editor.pages))]
    field = page.context_edit  # type: ignore[attr-defined]
    field.setFocus()
    typed = 0

    def type_one() -> None:
        nonlocal typed
        QTest.keyClick(field, TEXT[typed % len(TEXT)], Qt.KeyboardModifier.NoModifier)
        typed += 1
        print(f"typed {typed} {time.monotonic():.6f}", flush=True)

    timer = QTimer()
    timer.setInterval(60)  # a steady typist: about 16 characters a second
    timer.timeout.connect(type_one)
    timer.start()
    print("ready", flush=True)
    return qt_app.exec()


if __name__ == "__main__":
    raise SystemExit(main())
