"""Everything held about one team member across all consultations: export it, or forget them.

A person is found by name, whatever its case ("sam" finds "Sam"), and optionally by
pseudonym. What is held: their member rows, the ties to and from them, their parts in
scaffolds, and every piece of free text that names them (see `person_mentions`).

Forgetting deletes their member rows (ties and parts go with them) and replaces the name with
"[removed]" wherever free text names them, in one transaction, then erases the deleted bytes
from the file. Signed agreement versions are frozen: if one names the person, forgetting is
refused unless `rewrite_signed` is given (see docs/privacy.md).
"""

import json
from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy import delete, select, update
from sqlmodel import Session

from app.privacy import erase_deleted
from app.services.person_holdings import (
    ENGAGEMENTS,
    MEMBERS,
    Found,
    Holdings,
    MemberEntry,
    PartEntry,
    PersonData,
    TieEntry,
    holdings_of,
    matching_members,
    parts_of,
    ties_of,
)
from app.services.person_mentions import (
    find_mentions,
    redact_mentions,
    rewrite_signed_versions,
    signed_mentions,
)
from app.services.scaffold_people import ROLE_WORDS
from app.validation import ValidationError, clean_name
from models.base import utcnow

EXPORT_FORMAT = "scaffold-person-data"
EXPORT_VERSION = 1

__all__ = [
    "EXPORT_FORMAT",
    "ForgetSummary",
    "Holdings",
    "MemberEntry",
    "PartEntry",
    "PersonData",
    "TieEntry",
    "all_member_names",
    "export_person",
    "find_person",
    "forget_person",
]


@dataclass(frozen=True)
class ForgetSummary:
    """What forgetting a person removed."""

    members: int
    ties: int
    parts: int
    texts: int
    signed_versions: int
    engagements: int


def _clean(name: str) -> str:
    return clean_name(name, "name", "The person's name")


def all_member_names(*, session: Session) -> list[str]:
    """Every team member's name across consultations, once each whatever its case, sorted."""
    names: dict[str, str] = {}
    for (name,) in session.execute(select(MEMBERS.c.name).order_by(MEMBERS.c.id)):
        names.setdefault(name.casefold(), name)
    return sorted(names.values(), key=str.casefold)


def find_person(*, session: Session, name: str, include_pseudonyms: bool = False) -> PersonData:
    """Everything held about the person called `name` (or so pseudonymised, if asked)."""
    name = _clean(name)
    members = matching_members(session, name, include_pseudonyms)
    member_ids = frozenset(m.member_id for _eid, m in members)
    terms = {name}
    for _eid, m in members:
        terms.add(m.name)
        if include_pseudonyms and m.pseudonym.strip():
            terms.add(m.pseudonym)
    ordered_terms = tuple(sorted(terms, key=str.casefold))
    found: dict[int, Found] = {}
    for engagement_id, member in members:
        found.setdefault(engagement_id, Found()).members.append(member)
    for engagement_id, tie in ties_of(session, member_ids):
        found.setdefault(engagement_id, Found()).ties.append(tie)
    for engagement_id, part in parts_of(session, member_ids):
        found.setdefault(engagement_id, Found()).parts.append(part)
    for mention in find_mentions(session, ordered_terms, skip_members=member_ids):
        found.setdefault(mention.engagement_id, Found()).mentions.append(mention)
    for signed in signed_mentions(session, ordered_terms):
        found.setdefault(signed.engagement_id, Found()).signed.append(signed)
    return PersonData(
        name=name,
        include_pseudonyms=include_pseudonyms,
        holdings=holdings_of(session, found),
        terms=ordered_terms,
    )


# Export ----------------------------------------------------------------------------------------


def export_person(*, session: Session, name: str, include_pseudonyms: bool = False) -> str:
    """Everything held about the person as JSON text (a "scaffold-person-data" document)."""
    data = find_person(session=session, name=name, include_pseudonyms=include_pseudonyms)
    document = {
        "format": EXPORT_FORMAT,
        "format_version": EXPORT_VERSION,
        "exported_at": datetime.now(UTC).isoformat(timespec="seconds").replace("+00:00", "Z"),
        "name": data.name,
        "matched_pseudonyms": data.include_pseudonyms,
        "searched_for": list(data.terms),
        "engagements": [_holding_json(h) for h in data.holdings],
    }
    return json.dumps(document, ensure_ascii=False, indent=2) + "\n"


def _holding_json(h: Holdings) -> dict[str, object]:
    return {
        "uid": h.uid,
        "team": h.team_name,
        "manager": h.manager_name,
        "members": [{"name": m.name, "pseudonym": m.pseudonym, "role": m.role} for m in h.members],
        "ties": [
            {
                "from": t.member_name if t.outgoing else t.other_name,
                "to": t.other_name if t.outgoing else t.member_name,
                "for": t.tie_type.value,
            }
            for t in h.ties
        ],
        "scaffold_parts": [
            {
                "person": p.member_name,
                "scaffold": p.scaffold_name,
                "role": ROLE_WORDS[p.role],
                "reason": p.reason,
            }
            for p in h.parts
        ],
        "mentions": [{"where": m.where, "text": m.text} for m in h.mentions],
        "signed_versions": [
            {"version": s.version_number, "where": s.where, "text": s.text} for s in h.signed
        ],
    }


# Forget ----------------------------------------------------------------------------------------


def forget_person(
    *,
    session: Session,
    name: str,
    include_pseudonyms: bool = False,
    rewrite_signed: bool = False,
) -> ForgetSummary:
    """Delete the person's member rows and replace their name in free text with "[removed]".

    Ties and parts go with the member rows. Signed versions naming the person make this
    refuse with a `ValidationError` that lists them, unless `rewrite_signed` is given. The
    deleted bytes are erased from the file once the caller's transaction commits.
    """
    data = find_person(session=session, name=name, include_pseudonyms=include_pseudonyms)
    signed = [s for h in data.holdings for s in h.signed]
    if signed and not rewrite_signed:
        raise ValidationError("signed", _signed_refusal(data))
    member_ids = [m.member_id for h in data.holdings for m in h.members]
    if member_ids:
        session.execute(delete(MEMBERS).where(MEMBERS.c.id.in_(member_ids)))
    mentions = [m for h in data.holdings for m in h.mentions]
    texts = redact_mentions(session, mentions, data.terms)
    versions = rewrite_signed_versions(session, {s.version_id for s in signed}, data.terms)
    touched = [h.engagement_id for h in data.holdings]
    if touched:
        session.execute(
            update(ENGAGEMENTS).where(ENGAGEMENTS.c.id.in_(touched)).values(updated_at=utcnow())
        )
    session.expire_all()  # rows were changed behind the ORM's back
    erase_deleted(session)
    return ForgetSummary(
        members=len(member_ids),
        ties=data.count("ties"),
        parts=data.count("parts"),
        texts=texts,
        signed_versions=versions,
        engagements=len(touched),
    )


def _signed_refusal(data: PersonData) -> str:
    places = [
        f"“{h.team_name}” ({_versions_words(h.signed_versions)})" for h in data.holdings if h.signed
    ]
    return (
        f"“{data.name}” is named in signed agreements: {', '.join(places)}. Signed versions "
        "are frozen, so nothing was forgotten. To remove the name from them too, choose to "
        "rewrite the signed versions."
    )


def _versions_words(numbers: list[int]) -> str:
    if len(numbers) == 1:
        return f"version {numbers[0]}"
    return "versions " + ", ".join(str(n) for n in numbers[:-1]) + f" and {numbers[-1]}"
