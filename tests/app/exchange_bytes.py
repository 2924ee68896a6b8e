"""Exchange files as bytes for the fuzz tests: a tree written as JSON text in several
layouts, changes to those bytes (truncation, BOMs, bytes that are not UTF-8, other encodings,
a repeated key), and random bytes."""

import json
from typing import Any

from hypothesis import strategies as st

Tokens = dict[str, str]  # placeholder string → the raw JSON text that replaces it


def serialise(draw: st.DrawFn, doc: Any, tokens: Tokens) -> bytes:
    """JSON text in one of several layouts, placeholders replaced, encoded as UTF-8.

    Lone surrogates are written raw (invalid UTF-8) or as \\u escapes (valid JSON, invalid text).
    """
    indent = draw(st.sampled_from([None, 2, 0, "\t"]))
    ascii_only = draw(st.booleans())
    text = json.dumps(doc, indent=indent, ensure_ascii=ascii_only, sort_keys=draw(st.booleans()))
    for name, raw in tokens.items():
        text = text.replace(json.dumps(name), raw)
    return text.encode("utf-8", "surrogatepass")


def truncate(draw: st.DrawFn, data: bytes) -> bytes:
    return data[: draw(st.integers(0, max(0, len(data) - 1)))]


def bad_byte(draw: st.DrawFn, data: bytes) -> bytes:
    at = draw(st.integers(0, len(data)))
    bad = draw(st.sampled_from([b"\xff", b"\xc3", b"\x80", b"\xed\xa0\x80", b"\x00", b"\xc0\xaf"]))
    return data[:at] + bad + data[at:]


def flip(draw: st.DrawFn, data: bytes) -> bytes:
    if not data:
        return data
    at = draw(st.integers(0, len(data) - 1))
    return data[:at] + bytes([data[at] ^ draw(st.integers(1, 255))]) + data[at + 1 :]


def boms(draw: st.DrawFn, data: bytes) -> bytes:
    bom = draw(st.sampled_from([b"\xef\xbb\xbf", b"\xef\xbb\xbf\xef\xbb\xbf", b"\xfe\xff", b""]))
    return bom + data


def other_encoding(draw: st.DrawFn, data: bytes) -> bytes:
    text = data.decode("utf-8", "surrogatepass")
    codec = draw(st.sampled_from(["utf-16", "utf-16-le", "utf-32", "latin-1", "cp1252"]))
    return text.encode(codec, "replace")


def crlf(draw: st.DrawFn, data: bytes) -> bytes:
    return data.replace(b"\n", b"\r\n")


def duplicate_key(draw: st.DrawFn, data: bytes) -> bytes:
    at = data.find(b"{")
    if at < 0:
        return data
    key = draw(st.sampled_from([b'"format": "x", ', b'"uid": "y", ', b'"ref": "m1", ']))
    return data[: at + 1] + key + data[at + 1 :]


def unchanged(draw: st.DrawFn, data: bytes) -> bytes:
    return data


BYTE_CHANGES = (
    unchanged,
    truncate,
    bad_byte,
    flip,
    boms,
    other_encoding,
    crlf,
    duplicate_key,
)


@st.composite
def random_bytes(draw: st.DrawFn) -> bytes:
    """Bytes of any kind, some behind the opening of a real exchange file."""
    prefix = draw(
        st.sampled_from(
            [
                b"",
                b"\xef\xbb\xbf",
                b'{"format": "scaffold.engagement", "format_version": 1, ',
                b'{"format": "scaffold.bundle", "format_version": 1, "engagements": [',
                b"[",
                b'"',
            ]
        )
    )
    return prefix + draw(st.binary(max_size=512))
