"""Whole-engagement snapshots: what undo and redo put back, in the exchange format."""

from sqlmodel import Session

from app.exchange.document import dumps, export_engagement
from app.exchange.importer import read_document
from app.exchange.restore import restore_engagement
from app.services.common import get_engagement


def take_snapshot(session: Session, engagement_id: int) -> str:
    """Everything the engagement holds, private notes included, as exchange JSON text."""
    return dumps(export_engagement(session, engagement_id, include_private=True))


def restore_snapshot(session: Session, engagement_id: int, snapshot: str) -> None:
    """Replace the engagement with a snapshot of it, keeping its id.

    Runs in the caller's transaction: if anything fails, the engagement stays as it was.
    """
    document = read_document(snapshot)
    session.delete(get_engagement(session, engagement_id))
    session.flush()
    session.expunge_all()
    restore_engagement(session, document["engagement"], "engagement", engagement_id=engagement_id)
    session.flush()
