"""The built bundle runs with no Python around, and loads its native libraries from itself.

Builds dist/scaffold first when the sources changed since the last build (about 1.5 minutes on
two cores; nothing when fresh), then runs it four or five times, 15–30 s in all: see
packaging/smoke_bundle.py.
"""

import re
import sys
from pathlib import Path

import pytest

from app.version import read_version

pytestmark = pytest.mark.skipif(
    not sys.platform.startswith("linux"), reason="the smoke test reads Linux's LD_DEBUG output"
)
CHECKOUT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def smoke(builder, smoke_module, tmp_path_factory):
    """One build (if stale) and one run of the steps, shared by the tests below."""
    built = builder.build(if_stale=True)
    with builder.locked(built.folder.parent, exclusive=False):  # no rebuild while it runs
        return smoke_module.run_smoke(built.folder, tmp_path_factory.mktemp("smoke"))


def test_every_step_exits_cleanly(smoke):
    failed = {step.name: step.stderr[-2000:] for step in smoke.steps if step.returncode != 0}
    assert failed == {}


def test_the_program_says_the_projects_version(smoke):
    assert smoke.step("version").stdout.strip() == f"Scaffold {read_version()}"


def test_the_demo_loads_and_its_plan_prints_with_the_bundled_fonts(smoke, smoke_module):
    assert "Loaded the sample engagement as id" in smoke.step("demo").stdout
    data = smoke.plan_pdf.read_bytes()
    assert data.startswith(b"%PDF-")
    assert smoke_module.FONT_OF_THE_TEMPLATES in smoke_module.pdf_streams(data)


def test_the_window_opens_and_paints_the_demo_in_its_list(smoke):
    out = smoke.step("gui").stdout
    assert re.search(r"^first paint: 'Scaffold' \d+x\d+, 1 consultation\(s\) listed$", out, re.M)


def test_weasyprints_and_qts_libraries_load_from_inside_the_bundle(smoke, smoke_module):
    for name in (*smoke_module.TEXT_LIBRARIES, *smoke_module.QT_LIBRARIES):
        paths = smoke.loaded_from(name)
        assert paths, f"{name} was never loaded"
        for path in paths:
            assert Path(path).is_relative_to(smoke.bundle), f"{name} came from {path}"


def test_nothing_loads_from_the_build_python_or_the_checkout(smoke):
    foreign = (Path(sys.base_prefix), Path(sys.prefix), CHECKOUT)
    leaked = [
        path
        for paths in smoke.library_sources().values()
        for path in paths
        if not Path(path).is_relative_to(smoke.bundle)
        and any(Path(path).is_relative_to(root) for root in foreign)
    ]
    assert leaked == []


def test_the_bundle_holds_what_the_app_reads_and_not_what_was_trimmed(smoke, rules):
    internal = smoke.bundle / "_internal"
    missing = [name for name in rules.REQUIRED_FILES if not (internal / name).exists()]
    left = [name for name in rules.TRIMMED_FILES if (internal / name).exists()]
    assert (missing, left) == ([], [])


def test_the_smoke_scripts_own_verdict_agrees(smoke, smoke_module):
    roots = (Path(sys.base_prefix), Path(sys.prefix), CHECKOUT)
    assert smoke_module.problems(smoke, read_version(), roots) == []
