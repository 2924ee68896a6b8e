"""Helpers for the encryption tests: a keychain in memory, a session without keys, keyed reads.

No test may reach the real keychain of the machine (nor D-Bus): `keyring.set_keyring` puts a
backend defined here in its place, and each test ends with the session's keys forgotten.
"""

from collections.abc import Iterator
from contextlib import closing, contextmanager
from pathlib import Path

import keyring
from keyring.backend import KeyringBackend
from keyring.backends import fail
from keyring.errors import PasswordDeleteError

from app.encryption_session import forget
from models.cipher import PLAIN_HEADER
from models.db import connect_file


class MemoryKeyring(KeyringBackend):
    """A keychain that keeps its entries in a dictionary for one test."""

    priority = 10  # a recommended backend

    def __init__(self) -> None:
        super().__init__()
        self.entries: dict[tuple[str, str], str] = {}

    def get_password(self, service: str, username: str) -> str | None:
        return self.entries.get((service, username))

    def set_password(self, service: str, username: str, password: str) -> None:
        self.entries[(service, username)] = password

    def delete_password(self, service: str, username: str) -> None:
        if self.entries.pop((service, username), None) is None:
            raise PasswordDeleteError("no such entry")


@contextmanager
def memory_keychain() -> Iterator[MemoryKeyring]:
    """A working keychain in memory; afterwards none (and no keys in the session)."""
    backend = MemoryKeyring()
    keyring.set_keyring(backend)
    try:
        yield backend
    finally:
        keyring.set_keyring(fail.Keyring())
        forget()


@contextmanager
def no_keychain() -> Iterator[None]:
    """No usable keychain, as on a machine without one (keyring's "fail" backend)."""
    keyring.set_keyring(fail.Keyring())
    try:
        yield
    finally:
        forget()


def is_plain(path: Path) -> bool:
    """Whether the file starts with SQLite's plain header."""
    with path.open("rb") as file:
        return file.read(len(PLAIN_HEADER)) == PLAIN_HEADER


def teams_with_key(path: Path, key: bytes | None) -> list[str]:
    """The team names in the database file at `path`, read with `key` (read-only)."""
    with closing(connect_file(path, key=key, read_only=True)) as con:
        return [row[0] for row in con.execute("SELECT team_name FROM engagement ORDER BY id")]
