"""Encryption at rest, as an option: turning it on and off, and unlocking a database per session.

Turning it on rewrites the database encrypted with SQLCipher (AES-256) under a raw 32-byte key,
kept in the system keychain, or derived from a passphrase that is asked once per session.
The backups in the backups folder are rewritten encrypted too, since a plain copy would give
away what the encrypted file protects. Turning it off does the reverse. See docs/privacy.md.

The GUI and the CLI call `needs_passphrase` and `unlock` before `app.storage.open_engine`;
everything else (`open_engine`, backups, restore) finds the session's key by itself.
"""

import os
import uuid
from dataclasses import dataclass, field
from pathlib import Path

from app.backup_files import backups_dir, scan
from app.encryption_convert import (
    ConversionError,
    convert_file,
    put_in_place,
    write_converted,
)
from app.encryption_keychain import (
    KeychainError,
    delete_key,
    keychain_available,
    keychain_name,
    store_key,
)
from app.encryption_keyinfo import (
    KeyInfo,
    KeyInfoError,
    KeyMode,
    derive_key,
    key_check,
    keyinfo_path,
    new_salt,
    write_keyinfo,
)
from app.encryption_session import (
    LockedError,
    PassphraseError,
    encryption_info,
    forget,
    is_encrypted,
    key_for,
    needs_passphrase,
    remember,
    unlock,
)
from app.validation import ValidationError
from models.cipher import KEY_BYTES, looks_encrypted
from models.db import DatabaseError, WrongKeyError, read_schema_state

MIN_PASSPHRASE_CHARS = 8

__all__ = [
    "MIN_PASSPHRASE_CHARS",
    "ConversionError",
    "ConversionResult",
    "EncryptionError",
    "KeyInfoError",
    "KeyMode",
    "KeychainError",
    "LockedError",
    "PassphraseError",
    "WrongKeyError",
    "check_passphrase",
    "decrypt_database",
    "encrypt_database",
    "encryption_info",
    "forget",
    "is_encrypted",
    "key_for",
    "keychain_available",
    "keychain_name",
    "needs_passphrase",
    "unlock",
]


class EncryptionError(DatabaseError):
    """Encryption cannot be turned on or off as asked; nothing was changed."""


@dataclass(frozen=True)
class ConversionResult:
    """What turning encryption on or off did to the database and to its backups."""

    db_path: Path
    encrypted: bool
    mode: KeyMode | None
    backups_converted: list[Path] = field(default_factory=list)
    backups_failed: list[tuple[Path, str]] = field(default_factory=list)

    def summary(self) -> str:
        """One or two sentences for the person."""
        if self.encrypted:
            where = (
                "its key is kept in the system keychain of this user account"
                if self.mode == "keychain"
                else "Scaffold asks for its passphrase once each time it starts. Keep the "
                "passphrase safe: without it nobody, you included, can read the data or its "
                "backups"
            )
            text = f"{self.db_path} is now encrypted; {where}."
        else:
            text = f"{self.db_path} is no longer encrypted."
        done = len(self.backups_converted)
        if done:
            text += f" {done} backup{'s' if done != 1 else ''} in the backups folder "
            text += "were converted too." if done != 1 else "was converted too."
        if self.backups_failed:
            names = "; ".join(f"{path.name} ({reason})" for path, reason in self.backups_failed)
            state = "plain" if self.encrypted else "encrypted"
            text += f" These backups could not be converted and are still {state}: {names}."
            if self.encrypted:
                text += " Delete them if they must not be readable."
        return text


def check_passphrase(passphrase: str, confirmation: str | None = None) -> str:
    """The passphrase, if long enough and (when given) the same as its confirmation."""
    if len(passphrase) < MIN_PASSPHRASE_CHARS:
        raise ValidationError(
            "passphrase", f"A passphrase needs at least {MIN_PASSPHRASE_CHARS} characters."
        )
    if confirmation is not None and confirmation != passphrase:
        raise ValidationError("confirmation", "The two passphrases are not the same.")
    return passphrase


def _new_key(passphrase: str | None) -> tuple[bytes, KeyInfo]:
    """A new key and its `.keyinfo`: in the keychain, or derived from `passphrase`."""
    if passphrase is None:
        if not keychain_available():
            raise KeychainError(
                "No system keychain is available on this computer. Choose a passphrase instead."
            )
        key = os.urandom(KEY_BYTES)
        info = KeyInfo(mode="keychain", check=key_check(key), key_id=uuid.uuid4().hex)
        store_key(info.key_id, key)
        return key, info
    check_passphrase(passphrase)
    salted = KeyInfo(mode="passphrase", check="", salt=new_salt())
    key = derive_key(passphrase, salted)
    return key, KeyInfo(mode="passphrase", check=key_check(key), salt=salted.salt)


def _backup_keyinfo(db_path: Path) -> Path:
    return backups_dir(db_path) / keyinfo_path(db_path).name


def encrypt_database(db_path: Path, *, passphrase: str | None = None) -> ConversionResult:
    """Encrypt the database at `db_path`, and its backups; the key is kept for the session.

    Without `passphrase`, a new random key goes into the system keychain (`KeychainError` when
    there is none). The database must exist, be plain and not be in use; the old file is
    replaced only by a checked encrypted copy, so a failure changes nothing.
    """
    db_path = Path(db_path)
    if is_encrypted(db_path):
        raise EncryptionError(f"{db_path} is encrypted already.")
    if not read_schema_state(db_path).exists:
        raise EncryptionError(f"There is no Scaffold database at {db_path} to encrypt.")
    key, info = _new_key(passphrase)
    try:
        work = write_converted(db_path, old_key=None, new_key=key)
        # The .keyinfo goes first: until the rename, the plain header still says "plain".
        write_keyinfo(keyinfo_path(db_path), info)
        put_in_place(work, db_path)
    except BaseException:
        if info.mode == "keychain":
            delete_key(info.key_id)
        raise
    remember(db_path, key)
    result = ConversionResult(db_path, True, info.mode)
    if backups_dir(db_path).is_dir():
        write_keyinfo(_backup_keyinfo(db_path), info)  # for a backup whose database is lost
    _convert_backups(db_path, result, old_key=None, new_key=key)
    return result


def decrypt_database(db_path: Path) -> ConversionResult:
    """Store the database at `db_path` and its backups plain again (unlocked first).

    The keychain entry and the `.keyinfo` files go once nothing is encrypted with the key any
    more; a backup that could not be decrypted keeps them.
    """
    db_path = Path(db_path)
    info = encryption_info(db_path)
    if info is None:
        raise EncryptionError(f"{db_path} is not encrypted.")
    key = key_for(db_path)
    assert key is not None
    convert_file(db_path, old_key=key, new_key=None)
    keyinfo_path(db_path).unlink(missing_ok=True)
    forget(db_path)
    result = ConversionResult(db_path, False, None)
    _convert_backups(db_path, result, old_key=key, new_key=None)
    if not result.backups_failed:
        _backup_keyinfo(db_path).unlink(missing_ok=True)
        if info.mode == "keychain":
            delete_key(info.key_id)
    return result


def _convert_backups(
    db_path: Path, result: ConversionResult, *, old_key: bytes | None, new_key: bytes | None
) -> None:
    """Convert each backup of the database that is still in the old state; record the outcome."""
    for backup in scan(db_path):
        if looks_encrypted(backup.path) == (new_key is not None):
            continue  # already as wanted (or encrypted with a key that is not ours)
        try:
            convert_file(backup.path, old_key=old_key, new_key=new_key)
        except (DatabaseError, OSError) as exc:
            result.backups_failed.append((backup.path, _reason(exc)))
        else:
            result.backups_converted.append(backup.path)


def _reason(exc: BaseException) -> str:
    if isinstance(exc, WrongKeyError):
        return "encrypted with another key"
    text = str(exc.strerror if isinstance(exc, OSError) and exc.strerror else exc)
    return text.split(". Nothing was changed")[0].rstrip(".")
