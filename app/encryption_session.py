"""Which databases are encrypted, and their keys for this session (one process).

A database is encrypted when its `.keyinfo` file exists and the file itself has no plain
SQLite header: the header settles it, so a `.keyinfo` left over from an interrupted conversion
never makes a plain file unreadable. Keys are kept in memory for the session once unlocked,
so a passphrase is asked (and derived, about 0.45 s) once, not on every connection.

Checking a plain database costs one `stat` of the missing `.keyinfo`: nothing here imports
sqlcipher3 or keyring until a database is encrypted.
"""

from pathlib import Path

from app.encryption_keyinfo import KeyInfo, derive_key, keyinfo_path, matches, read_keyinfo
from models.cipher import looks_encrypted
from models.db import DatabaseError, WrongKeyError

_keys: dict[Path, bytes] = {}


class LockedError(DatabaseError):
    """The database is encrypted with a passphrase that has not been given in this session."""


class PassphraseError(WrongKeyError):
    """The passphrase given is not the one the database was encrypted with."""

    def __init__(self, path: Path) -> None:
        super().__init__(
            path, f"The passphrase does not open {path}. Check it (capitals count) and try again."
        )


def _id(db_path: Path) -> Path:
    return Path(db_path).expanduser().resolve()


def encryption_info(db_path: Path) -> KeyInfo | None:
    """The key information of an encrypted database, or None for a plain (or new) one."""
    if not keyinfo_path(Path(db_path)).exists():  # the only cost for a plain database
        return None
    if not looks_encrypted(Path(db_path)):
        return None  # a plain file: the .keyinfo was left by an interrupted conversion
    return read_keyinfo(Path(db_path))


def is_encrypted(db_path: Path) -> bool:
    """Whether the database at `db_path` is encrypted."""
    return encryption_info(db_path) is not None


def needs_passphrase(db_path: Path) -> bool:
    """Whether the database is encrypted with a passphrase not yet given in this session."""
    info = encryption_info(db_path)
    return info is not None and info.mode == "passphrase" and _id(db_path) not in _keys


def unlock(db_path: Path, passphrase: str | None = None) -> bytes:
    """The key of the encrypted database at `db_path`, kept for the rest of the session.

    Keychain mode reads the keychain (`KeychainError` when it cannot). Passphrase mode derives
    the key from `passphrase`: None raises `LockedError`, a wrong one `PassphraseError`.
    A plain database raises `DatabaseError`.
    """
    info = encryption_info(db_path)
    if info is None:
        raise DatabaseError(f"{db_path} is not encrypted, so it has no key to unlock.")
    known = _keys.get(_id(db_path))
    if known is not None and passphrase is None:
        return known
    if info.mode == "keychain":
        from app.encryption_keychain import load_key

        key = load_key(info.key_id)
        if not matches(info, key):
            raise WrongKeyError(Path(db_path))
    else:
        if passphrase is None:
            raise LockedError(f"{db_path} is encrypted: Scaffold needs its passphrase to open it.")
        key = derive_key(passphrase, info)
        if not matches(info, key):
            raise PassphraseError(Path(db_path))
    _keys[_id(db_path)] = key
    return key


def key_for(db_path: Path) -> bytes | None:
    """The key to open the database with: None when plain; `LockedError` while locked.

    A database whose key is in the keychain is unlocked here, without asking anyone.
    """
    info = encryption_info(db_path)
    if info is None:
        return None
    known = _keys.get(_id(db_path))
    if known is not None:
        return known
    return unlock(db_path)


def remember(db_path: Path, key: bytes) -> None:
    """Keep `key` as the database's key for the session (after encrypting it)."""
    _keys[_id(db_path)] = key


def forget(db_path: Path | None = None) -> None:
    """Drop the key of one database (after decrypting it), or of every database."""
    if db_path is None:
        _keys.clear()
    else:
        _keys.pop(_id(db_path), None)
