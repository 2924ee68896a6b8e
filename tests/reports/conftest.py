"""Helpers for the report tests: poppler-utils read the PDFs the way a person's viewer would."""

import re
import subprocess
from dataclasses import dataclass
from pathlib import Path

import pytest


def pdftotext(pdf: Path, *, layout: bool = False) -> str:
    """The text of every page (pdftotext)."""
    args = ["pdftotext", "-enc", "UTF-8"] + (["-layout"] if layout else []) + [str(pdf), "-"]
    return subprocess.run(args, check=True, capture_output=True, text=True).stdout


def pdfinfo(pdf: Path) -> dict[str, str]:
    """pdfinfo's fields (title, author, page size, tagged, …)."""
    out = subprocess.run(["pdfinfo", str(pdf)], check=True, capture_output=True, text=True).stdout
    return {k.strip(): v.strip() for k, _, v in (line.partition(":") for line in out.splitlines())}


def pdffonts(pdf: Path) -> list[tuple[str, bool]]:
    """Each font's name and whether it is embedded."""
    out = subprocess.run(["pdffonts", str(pdf)], check=True, capture_output=True, text=True).stdout
    rows = []
    for line in out.splitlines()[2:]:
        fields = line.split()
        # name type… encoding emb sub uni id gen: "emb" is the fifth field from the end
        rows.append((fields[0], fields[-5] == "yes"))
    return rows


def attachments(pdf: Path) -> str:
    """pdfdetach's list of embedded files ("0 embedded files" when none)."""
    return subprocess.run(
        ["pdfdetach", "-list", str(pdf)], check=True, capture_output=True, text=True
    ).stdout


@dataclass(frozen=True)
class Word:
    """A word and its box on the page, in points."""

    text: str
    page: int
    x_max: float
    page_width: float


def words(pdf: Path) -> list[Word]:
    """Every word with its right edge (pdftotext -bbox)."""
    html = subprocess.run(
        ["pdftotext", "-bbox", str(pdf), "-"], check=True, capture_output=True, text=True
    ).stdout
    out = []
    for number, page in enumerate(re.findall(r"<page (.*?)</page>", html, re.S), start=1):
        width = float(re.search(r'width="([\d.]+)"', page).group(1))
        for x_max, text in re.findall(
            r'<word xMin="[\d.]+" yMin="[\d.]+" xMax="([\d.]+)"'
            r' yMax="[\d.]+">(.*?)</word>',
            page,
        ):
            out.append(Word(text, number, float(x_max), width))
    return out


def overflowing(pdf: Path, right_margin_pt: float = 45.3) -> list[Word]:
    """Words that run into the right margin (16 mm), where nothing but margin boxes may be."""
    return [w for w in words(pdf) if w.x_max > w.page_width - right_margin_pt + 1.0]


class Poppler:
    """The helpers above, handed to tests as one fixture."""

    text = staticmethod(pdftotext)
    info = staticmethod(pdfinfo)
    fonts = staticmethod(pdffonts)
    attachments = staticmethod(attachments)
    overflowing = staticmethod(overflowing)


@pytest.fixture(scope="session")
def poppler() -> type[Poppler]:
    """pdftotext, pdfinfo, pdffonts, pdfdetach and an overflow check."""
    return Poppler


@pytest.fixture(scope="module")
def module_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A temporary folder shared by one test module's renders."""
    return tmp_path_factory.mktemp("reports")
