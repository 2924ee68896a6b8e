"""Reading an exchange file into the database: everything, or nothing.

The checks run in this order, and the first failure raises `ExchangeError` with one line that
says where and what: size and the number of values (both before parsing), JSON syntax (line
and column), the `format` field, the `format_version`, the JSON Schema (JSON path and what is
wrong), values no schema can express, engagements already in the database (by uid), dangling
or repeated local refs, the file's own consistency, and finally every domain rule, by
creating the content through the services (so each rule lives in one place). Then
timestamps, the status history, the signed versions and the status are restored exactly. All
writes happen inside a savepoint: on any failure nothing is written, even if the caller goes
on to commit.
"""

import os
from pathlib import Path

from sqlalchemy.exc import IntegrityError
from sqlmodel import Session

from app.exchange import FORMAT_BUNDLE, Json
from app.exchange.consistency import check_consistency
from app.exchange.errors import ExchangeError, refuse
from app.exchange.followup_parts import check_followup_refs
from app.exchange.reading import (
    MAX_DOCUMENT_BYTES,
    check_format,
    check_schema,
    check_size,
    check_values,
    check_version,
    decode,
    parse,
)
from app.exchange.refs import check_refs, check_uids
from app.exchange.restore import restore_engagement

_CHUNK = 1024 * 1024


def read_file(path: Path) -> bytes:
    """The bytes of an exchange file, read only if it is within `MAX_DOCUMENT_BYTES`.

    A larger file is refused from its size alone (`ExchangeError`); the read stops one byte
    past the limit, so a file that grows meanwhile, a pipe or a device is refused too without
    being held in memory. `OSError` (no such file, a folder, no permission) is the caller's.
    """
    with Path(path).open("rb") as stream:
        size = os.fstat(stream.fileno()).st_size
        check_size(size)
        data = stream.read(size + 1)
        if len(data) <= size:
            return data  # all of it, as its size said
        # Longer than its size said: a file growing meanwhile, a pipe or a device.
        buffer = bytearray(data)
        while len(buffer) <= MAX_DOCUMENT_BYTES and (
            more := stream.read(min(_CHUNK, MAX_DOCUMENT_BYTES + 1 - len(buffer)))
        ):
            buffer += more
    if len(buffer) > MAX_DOCUMENT_BYTES:
        refuse(
            f"The file goes on past {MAX_DOCUMENT_BYTES:,} bytes, the most an exchange file "
            "can be (20 MB). Nothing was imported."
        )
    return bytes(buffer)


def import_file(session: Session, path: Path) -> list[int]:
    """`import_document` on the file at `path`, read by `read_file`."""
    return import_document(session, read_file(path))


def read_document(data: str | bytes) -> Json:
    """Parse and check a document up to its schema; raises `ExchangeError`. Writes nothing."""
    text = decode(data)
    doc = parse(text)
    check_format(doc)
    check_version(doc)
    check_schema(doc)
    check_values(doc, [])
    checked: Json = doc
    return checked


def _engagements(doc: Json) -> list[tuple[str, Json]]:
    """Each engagement of the document with the path that names it in messages."""
    if doc["format"] == FORMAT_BUNDLE:
        if not doc["engagements"]:
            refuse("engagements: the bundle holds no engagement, so there is nothing to import.")
        return [(f"engagements[{i}]", e) for i, e in enumerate(doc["engagements"])]
    return [("engagement", doc["engagement"])]


def import_document(session: Session, text_or_bytes: str | bytes) -> list[int]:
    """Add the engagement(s) of an exchange file; returns their new ids, in file order.

    Raises `ExchangeError` (one line: where and what) and writes nothing when anything is wrong.
    """
    doc = read_document(text_or_bytes)
    engagements = _engagements(doc)
    check_uids(session, engagements)
    for where, e in engagements:
        check_refs(e, where)
        check_followup_refs(e, where)
    for where, e in engagements:
        check_consistency(e, where)
    try:
        with session.begin_nested():
            return [restore_engagement(session, e, where) for where, e in engagements]
    except IntegrityError as exc:
        raise ExchangeError(
            f"The database refused the file's content ({exc.orig}); nothing was imported."
        ) from exc


__all__ = ["MAX_DOCUMENT_BYTES", "import_document", "import_file", "read_document", "read_file"]
