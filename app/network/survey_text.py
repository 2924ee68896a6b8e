"""Turning a survey file's bytes into text and finding its separator, refusing what is not CSV."""

from dataclasses import dataclass
from pathlib import Path

from app.validation import ValidationError

MAX_SURVEY_BYTES = 5 * 1024 * 1024
# Separators tried, in the order that wins a tie.
SEPARATORS = (",", ";", "\t", "|")
SEPARATOR_NAMES = {",": "comma", ";": "semicolon", "\t": "tab", "|": "vertical bar"}
# File types people pick by mistake, recognised by their first bytes.
_SIGNATURES = (
    (b"PK\x03\x04", "a spreadsheet workbook or another zipped file"),
    (b"\xd0\xcf\x11\xe0", "an old-style Excel workbook"),
    (b"%PDF", "a PDF document"),
    (b"\x89PNG", "a PNG picture"),
    (b"\xff\xd8\xff", "a JPEG picture"),
)
_SAVE_AS_CSV = "Open it in the spreadsheet, choose Save As… → CSV, and import that file."


@dataclass(frozen=True)
class SurveyText:
    """A survey file decoded to text, with the encoding that read it."""

    text: str
    encoding: str


def check_size(size: int) -> None:
    """Refuse an empty file or one over 5 MB (a team survey is a few kilobytes)."""
    if size == 0:
        raise ValidationError("file", "The file is empty.")
    if size > MAX_SURVEY_BYTES:
        raise ValidationError(
            "file",
            f"The file is larger than {MAX_SURVEY_BYTES // 1024 // 1024} MB ({size:,} bytes); "
            "a team's survey takes a few kilobytes. Is this the right file?",
        )


def read_bytes(path: Path) -> bytes:
    """A survey file's bytes, after checking its size (so a huge file is never read)."""
    try:
        check_size(path.stat().st_size)
        return path.read_bytes()
    except OSError as error:
        raise ValidationError(
            "file", f"{path.name} could not be read ({error.strerror})."
        ) from None


def decode(data: bytes) -> SurveyText:
    """UTF-8 (with or without BOM), UTF-16 with BOM, else Windows-1252; binary files refused."""
    check_size(len(data))
    for signature, what in _SIGNATURES:
        if data.startswith(signature):
            raise ValidationError("file", f"This is {what}, not a CSV file. {_SAVE_AS_CSV}")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return SurveyText(data.decode("utf-16"), "UTF-16")
        except UnicodeDecodeError:
            raise ValidationError("file", "The file claims to be UTF-16 text but is not.") from None
    if b"\x00" in data[:8192]:
        raise ValidationError("file", f"This is not a text file. {_SAVE_AS_CSV}")
    try:
        return SurveyText(data.decode("utf-8-sig"), "UTF-8")
    except UnicodeDecodeError:
        pass
    try:
        return SurveyText(data.decode("cp1252"), "Windows-1252")
    except UnicodeDecodeError:
        raise ValidationError(
            "file", "The file's characters could not be read; save it as CSV in UTF-8."
        ) from None


def _outside_quotes(line: str) -> str:
    """The line without its double-quoted parts, where a separator does not count."""
    kept, quoted = [], False
    for char in line:
        if char == '"':
            quoted = not quoted
        elif not quoted:
            kept.append(char)
    return "".join(kept)


def find_separator(text: str) -> str:
    """The separator used most in the first non-blank line (the header), outside quotes."""
    header = next((line for line in text.splitlines() if line.strip()), None)
    if header is None:
        raise ValidationError("file", "The file holds only blank lines.")
    counts = {sep: _outside_quotes(header).count(sep) for sep in SEPARATORS}
    best = max(SEPARATORS, key=lambda sep: counts[sep])  # first in SEPARATORS wins a tie
    if counts[best] == 0:
        raise ValidationError(
            "file",
            "The first line has only one column; a survey file needs at least two: who "
            "answered, and whom they go to (separated by commas or semicolons).",
        )
    return best
