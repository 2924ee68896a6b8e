"""The partner's preferences kept with the data: their name, the printed plan, the backups kept.

Stored as key/value rows in `app_setting`. Saving checks everything first and writes nothing
when any value is refused (`ValidationError` names the field).
"""

import base64
import binascii
from dataclasses import dataclass

from sqlmodel import Session

from app.backups import DEFAULT_KEEP, MAX_KEEP, MIN_KEEP
from app.validation import ValidationError, clean_name
from models.engagement import AppSetting

PAPER_KEY = "plan.paper"
ORGANISATION_KEY = "plan.organisation"
LOGO_KEY = "plan.logo"
PARTNER_NAME_KEY = "partner.name"
BACKUPS_KEEP_KEY = "backups.keep"

PAPERS = ("a4", "letter")
DEFAULT_PAPER = "a4"
MAX_LOGO_BYTES = 1024 * 1024

_PNG_MAGIC = b"\x89PNG\r\n\x1a\n"
_JPEG_MAGIC = b"\xff\xd8\xff"


@dataclass(frozen=True)
class PlanSettings:
    """How the printed plan looks: paper, the organisation's name and its logo (PNG or JPEG)."""

    paper: str = DEFAULT_PAPER
    organisation: str = ""
    logo_png: bytes | None = None


def logo_mime_type(data: bytes) -> str | None:
    """The MIME type ("image/png" or "image/jpeg") from the first bytes; None otherwise."""
    if data.startswith(_PNG_MAGIC):
        return "image/png"
    if data.startswith(_JPEG_MAGIC):
        return "image/jpeg"
    return None


def check_logo_size(size: int) -> None:
    """Refuse a logo file of more than 1 MB (before reading it) with `ValidationError`."""
    if size > MAX_LOGO_BYTES:
        megabytes = max(size / (1024 * 1024), 1.1)
        raise ValidationError(
            "logo", f"The logo is {megabytes:.1f} MB; please use a picture of at most 1 MB."
        )


def check_logo(data: bytes) -> bytes:
    """The logo if it is a PNG or JPEG of at most 1 MB; `ValidationError` otherwise."""
    if not data:
        raise ValidationError("logo", "The logo file is empty.")
    if logo_mime_type(data) is None:
        raise ValidationError(
            "logo", "The logo must be a PNG or JPEG picture; this file is neither."
        )
    check_logo_size(len(data))
    return data


def _clean(data: PlanSettings) -> PlanSettings:
    paper = data.paper.strip().lower()
    if paper not in PAPERS:
        raise ValidationError("paper", f"Unknown paper size {data.paper!r}; use A4 or US Letter.")
    organisation = clean_name(
        data.organisation, "organisation", "The organisation's name", required=False
    )
    logo = None if data.logo_png is None else check_logo(data.logo_png)
    return PlanSettings(paper=paper, organisation=organisation, logo_png=logo)


def _get(session: Session, key: str) -> str:
    row = session.get(AppSetting, key)
    return row.value if row is not None else ""


def _put(session: Session, key: str, value: str) -> None:
    row = session.get(AppSetting, key) or AppSetting(key=key)
    row.value = value
    session.add(row)


def _decode_logo(text: str) -> bytes | None:
    """The stored logo, or None when there is none or it is no longer a valid picture."""
    if not text:
        return None
    try:
        data = base64.b64decode(text, validate=True)
    except (binascii.Error, ValueError):
        return None
    return data if logo_mime_type(data) and len(data) <= MAX_LOGO_BYTES else None


def load_plan_settings(*, session: Session) -> PlanSettings:
    """The stored plan settings; defaults (A4, no organisation, no logo) for what is unset."""
    paper = _get(session, PAPER_KEY).strip().lower()
    return PlanSettings(
        paper=paper if paper in PAPERS else DEFAULT_PAPER,
        organisation=_get(session, ORGANISATION_KEY),
        logo_png=_decode_logo(_get(session, LOGO_KEY)),
    )


def save_plan_settings(*, session: Session, data: PlanSettings) -> PlanSettings:
    """Check and store the plan settings (a None logo removes it); the values as stored."""
    clean = _clean(data)
    _put(session, PAPER_KEY, clean.paper)
    _put(session, ORGANISATION_KEY, clean.organisation)
    logo = "" if clean.logo_png is None else base64.b64encode(clean.logo_png).decode("ascii")
    _put(session, LOGO_KEY, logo)
    session.flush()
    return clean


def load_partner_name(*, session: Session) -> str:
    """The partner's own name, as given in Preferences ("" when unset)."""
    return _get(session, PARTNER_NAME_KEY)


def save_partner_name(*, session: Session, name: str) -> str:
    """Check and store the partner's own name; the name as stored."""
    clean = clean_name(name, "partner_name", "Your name", required=False)
    _put(session, PARTNER_NAME_KEY, clean)
    session.flush()
    return clean


def check_backups_keep(keep: int) -> int:
    """The number of backups of each kind to keep, if within limits; `ValidationError` if not."""
    if not MIN_KEEP <= keep <= MAX_KEEP:
        raise ValidationError(
            "backups_keep",
            f"Scaffold can keep between {MIN_KEEP} and {MAX_KEEP} backups of each kind, "
            f"not {keep}.",
        )
    return keep


def load_backups_keep(*, session: Session) -> int:
    """How many backups of each kind to keep (the default when unset or unreadable)."""
    text = _get(session, BACKUPS_KEEP_KEY).strip()
    keep = int(text) if text.isdigit() else DEFAULT_KEEP
    return keep if MIN_KEEP <= keep <= MAX_KEEP else DEFAULT_KEEP


def save_backups_keep(*, session: Session, keep: int) -> int:
    """Check and store how many backups of each kind to keep; the number as stored."""
    _put(session, BACKUPS_KEEP_KEY, str(check_backups_keep(keep)))
    session.flush()
    return keep


@dataclass(frozen=True)
class Preferences:
    """Everything the Preferences dialog edits: name, plan settings, backups kept."""

    partner_name: str = ""
    plan: PlanSettings = PlanSettings()
    backups_keep: int = DEFAULT_KEEP


def load_preferences(*, session: Session) -> Preferences:
    """The stored preferences (defaults for what is unset)."""
    return Preferences(
        partner_name=load_partner_name(session=session),
        plan=load_plan_settings(session=session),
        backups_keep=load_backups_keep(session=session),
    )


def save_preferences(*, session: Session, data: Preferences) -> Preferences:
    """Check every value first, then store them all; nothing is written if one is refused."""
    clean_name(data.partner_name, "partner_name", "Your name", required=False)
    _clean(data.plan)
    check_backups_keep(data.backups_keep)
    return Preferences(
        partner_name=save_partner_name(session=session, name=data.partner_name),
        plan=save_plan_settings(session=session, data=data.plan),
        backups_keep=save_backups_keep(session=session, keep=data.backups_keep),
    )
