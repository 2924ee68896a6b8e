"""Partner-private notes: kept in their own table so nothing private reaches a print."""

from sqlmodel import Session, col, select

from app.services.common import get_engagement
from app.validation import NotFoundError, clean_text
from models.base import utcnow
from models.tables import PrivateNote


def list_private_notes(*, session: Session, engagement_id: int) -> list[PrivateNote]:
    """The partner's private notes, oldest first."""
    return list(
        session.exec(
            select(PrivateNote)
            .where(col(PrivateNote.engagement_id) == engagement_id)
            .order_by(col(PrivateNote.created_at), col(PrivateNote.id))
        )
    )


def add_private_note(*, session: Session, engagement_id: int, text: str) -> PrivateNote:
    """Keep a private note on the engagement."""
    clean = clean_text(text, "text", "The note", required=True)
    get_engagement(session, engagement_id)
    note = PrivateNote(engagement_id=engagement_id, text=clean)
    session.add(note)
    session.flush()
    return note


def update_private_note(*, session: Session, note_id: int, text: str) -> PrivateNote:
    """Rewrite a private note."""
    clean = clean_text(text, "text", "The note", required=True)
    note = session.get(PrivateNote, note_id)
    if note is None:
        raise NotFoundError(f"No private note with id {note_id}.")
    note.text = clean
    note.updated_at = utcnow()
    session.add(note)
    session.flush()
    return note


def delete_private_note(*, session: Session, note_id: int) -> None:
    """Delete a private note."""
    note = session.get(PrivateNote, note_id)
    if note is None:
        raise NotFoundError(f"No private note with id {note_id}.")
    session.delete(note)
    session.flush()
