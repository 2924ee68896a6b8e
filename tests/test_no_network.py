"""Scaffold never reaches the network: the session-wide guard (tests/conftest.py) catches an
attempt even when code swallows the error, a whole GUI session makes none (seen by Python and,
under strace, by the C and C++ libraries too), and no shipped module imports a network API."""

import ast
import os
import shutil
import socket
import subprocess
import sys
import urllib.request
from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QDialog

from app.demo import load_demo
from models.db import transaction
from ui.home_dashboard_job import wait_for_portfolio_jobs
from ui.main_window import MainWindow
from ui.store import EngagementStore

ROOT = Path(__file__).resolve().parents[1]
SHIPPED = ("app", "models", "ui")
REFUSED = "Tests may not use the network"


@pytest.fixture(autouse=True)
def _no_job_left_running():
    yield
    wait_for_portfolio_jobs()


# The guard itself ------------------------------------------------------------------------------


def test_the_guard_refuses_connect_and_connect_ex_on_a_tcp_socket(network_guard):
    tcp = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    with network_guard.expecting_refusals() as seen, tcp as sock:
        with pytest.raises(RuntimeError, match=REFUSED):
            sock.connect(("127.0.0.1", 9))
        with pytest.raises(RuntimeError, match=REFUSED):
            sock.connect_ex(("127.0.0.1", 9))
    assert [entry.split("(")[0] for entry in seen] == ["socket.connect", "socket.connect"]


def _udp_send() -> None:
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as sock:
        sock.sendto(b"x", ("127.0.0.1", 9))


@pytest.mark.parametrize(
    "attempt",
    [
        lambda: socket.getaddrinfo("example.org", 443),
        lambda: socket.gethostbyname("example.org"),
        lambda: socket.create_connection(("127.0.0.1", 9), timeout=1),
        lambda: urllib.request.urlopen("http://127.0.0.1:9/", timeout=1),
        _udp_send,
    ],
    ids=["getaddrinfo", "gethostbyname", "create_connection", "urlopen", "udp-sendto"],
)
def test_the_guard_refuses_look_ups_and_other_ways_out(
    network_guard, attempt: Callable[[], object]
):
    with network_guard.expecting_refusals() as seen, pytest.raises(RuntimeError, match=REFUSED):
        attempt()
    assert len(seen) == 1


def test_the_guard_lets_local_unix_sockets_through(network_guard):
    left, right = socket.socketpair(socket.AF_UNIX)
    with left, right:
        left.sendall(b"ping")
        assert right.recv(4) == b"ping"


def _run_pytest(folder: Path) -> subprocess.CompletedProcess[str]:
    shutil.copy(ROOT / "tests" / "conftest.py", folder / "conftest.py")
    return subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", str(folder)],
        cwd=folder,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_an_attempt_fails_its_test_even_when_the_code_swallows_the_error(tmp_path):
    (tmp_path / "test_swallowing.py").write_text(
        "import socket\n"
        "def test_swallows():\n"
        "    try:\n"
        "        socket.create_connection(('127.0.0.1', 9), timeout=1)\n"
        "    except Exception:\n"
        "        pass\n"
        "def test_clean():\n"
        "    pass\n"
    )
    run = _run_pytest(tmp_path)
    assert run.returncode == 1, run.stdout + run.stderr
    # The test body passes; its teardown reports the attempt as an error.
    assert "2 passed, 1 error" in run.stdout
    assert "ERROR test_swallowing.py::test_swallows - Failed: This test tried to reach" in (
        run.stdout
    )


def test_an_attempt_outside_any_test_fails_the_session(tmp_path):
    (tmp_path / "test_at_import.py").write_text(
        "import socket\n"
        "try:\n"
        "    socket.getaddrinfo('example.org', 80)\n"
        "except Exception:\n"
        "    pass\n"
        "def test_clean():\n"
        "    pass\n"
    )
    run = _run_pytest(tmp_path)
    assert "1 passed" in run.stdout
    assert run.returncode == 1, run.stdout + run.stderr
    assert "The test session tried to reach the network" in run.stdout


# A whole GUI session ---------------------------------------------------------------------------


def _inet_socket_inodes() -> set[str]:
    """Inodes of the IPv4/IPv6 sockets this process's network namespace knows (Linux)."""
    inodes: set[str] = set()
    for table in ("tcp", "tcp6", "udp", "udp6", "raw", "raw6"):
        path = Path("/proc/self/net") / table
        if path.exists():
            for line in path.read_text().splitlines()[1:]:
                inodes.add(line.split()[9])
    return inodes


def _open_socket_inodes() -> set[str]:
    """Inodes of the sockets this process holds open (Linux)."""
    found = set()
    for fd in Path("/proc/self/fd").iterdir():
        try:
            target = str(fd.readlink())
        except OSError:
            continue
        if target.startswith("socket:["):
            found.add(target[len("socket:[") : -1])
    return found


def test_a_full_gui_session_reaches_no_network(qtbot, db_engine, network_guard, tmp_path):
    """List, open the demo, its progress charts, the plan's PDF preview, and a check-in."""
    with transaction(db_engine) as session:
        demo = load_demo(session=session, today=date.today()).id or 0
    settings = QSettings(str(tmp_path / "scaffold.ini"), QSettings.Format.IniFormat)
    window = MainWindow(EngagementStore(db_engine), settings)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)

    assert window.host.open(demo)
    window.host.followup_actions[0].trigger()  # the check-ins page draws its charts
    editor = window.host.editor
    assert editor is not None
    page = editor.followup("progress")
    qtbot.waitUntil(lambda: not page.charts_pending, timeout=20_000)
    dialog = page.record()
    assert dialog is not None
    dialog.what_changed.setPlainText("Huddles held every morning.")
    dialog.accept()
    assert dialog.result() == QDialog.DialogCode.Accepted
    qtbot.waitUntil(lambda: not page.charts_pending, timeout=20_000)

    window.host.plan_action.trigger()  # the plan: WeasyPrint, the network diagram, QtPdf
    view = window.host.plan_view
    assert view is not None
    qtbot.waitUntil(view.showing_document, timeout=60_000)
    assert view.pdf_bytes().startswith(b"%PDF")
    view.close()
    assert window.host.close()

    assert network_guard.attempts == []
    assert "PySide6.QtNetwork" not in sys.modules  # Qt's own network stack never loaded
    if Path("/proc/self/net/tcp").exists():
        assert not (_open_socket_inodes() & _inet_socket_inodes())


def _strace_works() -> bool:
    strace = shutil.which("strace")
    if strace is None or os.environ.get("SCAFFOLD_UNDER_STRACE"):
        return False
    probe = subprocess.run([strace, "-o", os.devnull, "true"], capture_output=True, check=False)
    return probe.returncode == 0


INET_SOCKET = "import socket; socket.socket(socket.AF_INET).close()"


def _traced(strace: str, log: Path) -> list[str]:
    """strace following threads and children, logging socket creation and connects."""
    return [strace, "-f", "-qq", "-e", "trace=socket,connect", "-o", str(log)]


def _inet_calls(log: Path) -> list[str]:
    return [
        line
        for line in log.read_text(errors="replace").splitlines()
        if "AF_INET" in line  # AF_INET and AF_INET6: sockets made or connected to an address
    ]


@pytest.mark.skipif(not _strace_works(), reason="needs strace, allowed to trace (Linux)")
def test_the_gui_session_makes_no_network_socket_in_any_library(tmp_path):
    """The same session under strace, which also sees Qt's and other C libraries' sockets."""
    strace = shutil.which("strace")
    assert strace is not None
    probe_log = tmp_path / "probe.log"
    subprocess.run(
        [*_traced(strace, probe_log), sys.executable, "-c", INET_SOCKET],
        check=True,
    )
    assert _inet_calls(probe_log), "strace should see an AF_INET socket (the check can fail)"

    log = tmp_path / "session.log"
    test_id = f"{Path(__file__).relative_to(ROOT)}::test_a_full_gui_session_reaches_no_network"
    run = subprocess.run(
        [
            *_traced(strace, log),
            sys.executable,
            "-m",
            "pytest",
            "-q",
            "-p",
            "no:cacheprovider",
            test_id,
        ],
        cwd=ROOT,
        env={**os.environ, "SCAFFOLD_UNDER_STRACE": "1", "QT_QPA_PLATFORM": "offscreen"},
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert run.returncode == 0, run.stdout + run.stderr
    assert "1 passed" in run.stdout
    assert _inet_calls(log) == []


# The shipped code ------------------------------------------------------------------------------

NETWORK_MODULES = (
    "socket",
    "ssl",
    "http",
    "urllib.request",
    "ftplib",
    "smtplib",
    "imaplib",
    "poplib",
    "xmlrpc",
    "requests",
    "httpx",
    "aiohttp",
    "urllib3",
    "PySide6.QtNetwork",
    "PySide6.QtWebEngineCore",
    "PySide6.QtWebEngineWidgets",
)
# Names that only turn file URLs into paths (app/reports/paths.py), never fetch anything.
ALLOWED_NAMES = {("urllib.request", "url2pathname"), ("urllib.request", "pathname2url")}


def _network_imports(path: Path, base: Path = ROOT) -> list[str]:
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
        if isinstance(node, ast.Import):
            modules = [(alias.name, None) for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module:
            modules = [(node.module, alias.name) for alias in node.names]
            if node.module == "PySide6":
                modules = [(f"PySide6.{alias.name}", None) for alias in node.names]
        else:
            continue
        for module, name in modules:
            if (module, name) in ALLOWED_NAMES:
                continue
            if any(module == m or module.startswith(m + ".") for m in NETWORK_MODULES):
                found.append(f"{path.relative_to(base)}:{node.lineno} imports {module}")
    return found


def test_no_shipped_module_imports_a_network_api():
    files = [p for folder in SHIPPED for p in sorted((ROOT / folder).rglob("*.py"))]
    assert len(files) > 50
    assert [line for p in files for line in _network_imports(p)] == []


def test_the_import_check_would_see_a_network_import(tmp_path):
    sample = tmp_path / "sample.py"
    sample.write_text(
        "import http.client\nfrom urllib.request import urlopen, url2pathname\n"
        "from PySide6 import QtNetwork\nfrom PySide6.QtWidgets import QWidget\n"
    )
    assert len(_network_imports(sample, tmp_path)) == 3
