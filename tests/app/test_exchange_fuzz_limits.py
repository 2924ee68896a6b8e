"""Files far too big or too deep: refused before parsing, without holding them in memory.

The memory each refusal takes is measured with tracemalloc (Python's own allocations, which
is where a parsed file would live); timings are not asserted here (see the report figures).
"""

import json
import os
import tracemalloc
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TypeVar

import pytest
from strategies import snapshot

from app.cli import main
from app.exchange import ExchangeError
from app.exchange.importer import MAX_DOCUMENT_BYTES, import_file, read_file
from app.exchange.reading import MAX_VALUES
from app.services import engagements
from app.services.engagements import EngagementDetails
from app.storage import open_engine
from models.db import open_database, transaction

T = TypeVar("T")
MB = 1024 * 1024
FIFTY_MB = 50 * MB
CHUNK = MB


def _write(path: Path, chunks: Iterator[bytes]) -> Path:
    with path.open("wb") as out:
        for chunk in chunks:
            out.write(chunk)
    return path


def _random_chunks() -> Iterator[bytes]:
    for _ in range(FIFTY_MB // CHUNK):
        yield os.urandom(CHUNK)


def _huge_string_chunks() -> Iterator[bytes]:
    yield b'{"format": "scaffold.engagement", "format_version": 1, "engagement": {"team_name": "'
    for _ in range(FIFTY_MB // CHUNK):
        yield b"x" * CHUNK
    yield b'"}}'


def _number_chunks() -> Iterator[bytes]:
    yield b"["
    line = b"".join(b"%d, " % n for n in range(100_000))  # about 590 kB
    for _ in range(FIFTY_MB // len(line) + 1):
        yield line
    yield b"0]"


NESTED_TOO_DEEPLY = "The file is not an exchange file: its JSON is nested too deeply."
TOO_MANY_VALUES = (
    f"The file holds over {MAX_VALUES:,} values (texts, numbers, lists and objects), far more "
    "than an exchange file holds, so it was not read."
)

BIG_FILES = {
    "random bytes": _random_chunks,
    "one huge string": _huge_string_chunks,
    "millions of numbers": _number_chunks,
}


def peak_of(action: Callable[[], T]) -> tuple[T | ExchangeError, int]:
    """What `action` returns (or the `ExchangeError` it raises) and its peak memory in bytes."""
    tracemalloc.start()
    try:
        try:
            result: T | ExchangeError = action()
        except ExchangeError as exc:
            result = exc
        return result, tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


@pytest.fixture
def occupied(tmp_path: Path) -> Path:
    """A database that already holds an engagement, opened once as the command line opens it
    (which brings the library up to date and takes the day's backup)."""
    path = tmp_path / "scaffold.sqlite"
    engine = open_engine(path)
    with transaction(engine) as session:
        engagements.create_engagement(session=session, data=EngagementDetails("Ops", "Kim"))
    engine.dispose()
    return path


@pytest.mark.parametrize("kind", BIG_FILES)
def test_a_50_mb_file_is_refused_from_its_size_without_being_read(
    tmp_path: Path, occupied: Path, kind: str
) -> None:
    big = _write(tmp_path / "big.json", BIG_FILES[kind]())
    size = big.stat().st_size
    assert size >= FIFTY_MB
    before = snapshot(occupied)
    engine = open_database(occupied)
    try:
        with transaction(engine) as session:
            result, peak = peak_of(lambda: import_file(session, big))
    finally:
        engine.dispose()
    assert isinstance(result, ExchangeError)
    assert result.message == (
        f"The file is {size:,} bytes; an exchange file can be at most "
        f"{MAX_DOCUMENT_BYTES:,} bytes (20 MB). Nothing was read."
    )
    assert peak < MB, f"{peak:,} bytes"
    assert snapshot(occupied) == before


@pytest.mark.parametrize("kind", BIG_FILES)
def test_the_cli_refuses_a_50_mb_file_in_one_line_without_reading_it(
    tmp_path: Path, occupied: Path, kind: str, capsys: pytest.CaptureFixture[str]
) -> None:
    big = _write(tmp_path / "big.json", BIG_FILES[kind]())
    before = snapshot(occupied)
    code, peak = peak_of(lambda: main(["import", str(big), "--db", str(occupied)]))
    out, err = capsys.readouterr()
    assert code == 1
    assert out == ""
    assert err.startswith("scaffold import: ")
    assert "bytes" in err and "nothing was imported" in err.lower()
    assert err.count("\n") == 1
    assert peak < 10 * MB, f"{peak:,} bytes"
    assert snapshot(occupied) == before


def test_the_cli_refuses_junk_in_one_line(
    tmp_path: Path, occupied: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    junk = tmp_path / "junk"
    junk.write_bytes(bytes(range(256)) * 4)
    before = snapshot(occupied)
    assert main(["import", str(junk), "--db", str(occupied)]) == 1
    out, err = capsys.readouterr()
    assert out == ""
    assert err == (
        "scaffold import: The file is not UTF-8 text (byte 128 cannot be read), so it is not "
        "an exchange file: those are UTF-8 JSON.\n"
    )
    assert snapshot(occupied) == before


NESTING = {
    "lists, 100,000 deep": ("[" * 100_000 + "]" * 100_000, NESTED_TOO_DEEPLY),
    "objects, 100,000 deep": ('{"a": ' * 100_000 + "1" + "}" * 100_000, NESTED_TOO_DEEPLY),
    "lists, 1,000,000 deep": ("[" * 1_000_000 + "]" * 1_000_000, TOO_MANY_VALUES),
    "objects, 1,000,000 deep": ('{"a": ' * 1_000_000 + "1" + "}" * 1_000_000, TOO_MANY_VALUES),
}


@pytest.mark.parametrize("kind", NESTING)
def test_deep_nesting_is_refused_without_parsing_it_all(
    tmp_path: Path, occupied: Path, kind: str
) -> None:
    text, expected = NESTING[kind]
    deep = tmp_path / "deep.json"
    deep.write_text(text)
    before = snapshot(occupied)
    engine = open_database(occupied)
    try:
        with transaction(engine) as session:
            result, peak = peak_of(lambda: import_file(session, deep))
    finally:
        engine.dispose()
    assert isinstance(result, ExchangeError)
    assert result.message == expected
    # The file (up to 7 MB) is read, decoded and its structure counted; the parser stops
    # at the depth Python allows, or never starts.
    assert peak < 4 * deep.stat().st_size, f"{peak:,} bytes"
    assert snapshot(occupied) == before


def test_millions_of_tiny_values_under_the_size_limit_are_refused_before_parsing(
    tmp_path: Path, occupied: Path
) -> None:
    # 20 MB of {},{},… would be seven million objects, over a gigabyte once parsed.
    count = MAX_DOCUMENT_BYTES // 3 - 1
    doc = '{"format": "scaffold.bundle", "format_version": 1, "engagements": ['
    many = tmp_path / "many.json"
    many.write_text(doc + "{}," * (count - 30) + "{}]}")
    assert many.stat().st_size <= MAX_DOCUMENT_BYTES
    before = snapshot(occupied)
    engine = open_database(occupied)
    try:
        with transaction(engine) as session:
            result, peak = peak_of(lambda: import_file(session, many))
    finally:
        engine.dispose()
    assert isinstance(result, ExchangeError)
    assert result.message == TOO_MANY_VALUES
    assert peak < 4 * many.stat().st_size, f"{peak:,} bytes"
    assert snapshot(occupied) == before


def test_a_file_that_never_ends_is_read_no_further_than_the_limit() -> None:
    # A character device reports size 0 and would give bytes for ever.
    with pytest.raises(ExchangeError) as caught:
        read_file(Path("/dev/zero"))
    assert caught.value.message == (
        f"The file goes on past {MAX_DOCUMENT_BYTES:,} bytes, the most an exchange file can be "
        "(20 MB). Nothing was imported."
    )


def test_a_file_at_the_limit_is_read(tmp_path: Path, occupied: Path) -> None:
    doc = json.dumps({"format": "scaffold.bundle", "format_version": 1, "engagements": []})
    exact = tmp_path / "exact.json"
    exact.write_bytes(doc.encode() + b" " * (MAX_DOCUMENT_BYTES - len(doc)))
    assert len(read_file(exact)) == MAX_DOCUMENT_BYTES
    before = snapshot(occupied)
    engine = open_database(occupied)
    try:
        with pytest.raises(ExchangeError) as caught, transaction(engine) as session:
            import_file(session, exact)
    finally:
        engine.dispose()
    assert caught.value.message == (
        "engagements: the bundle holds no engagement, so there is nothing to import."
    )
    assert snapshot(occupied) == before
