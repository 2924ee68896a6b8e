"""What the file names: engagement uids against the database, and local refs within each one."""

from collections.abc import Mapping

from sqlmodel import Session, col, select

from app.exchange import Json
from app.exchange.errors import quoted, refuse, shortened
from models.tables import Engagement


def check_uids(session: Session, engagements: list[tuple[str, Json]]) -> None:
    seen: dict[str, str] = {}
    for where, e in engagements:
        uid = e["uid"]
        if uid in seen:
            refuse(f"{where}.uid: the file holds engagement {uid} twice (also at {seen[uid]}).")
        seen[uid] = where
        existing = session.exec(select(Engagement).where(col(Engagement.uid) == uid)).first()
        if existing is not None:
            refuse(
                f"{where}: this database already holds the engagement of team "
                f"{quoted(existing.team_name)} (manager {shortened(existing.manager_name)}, "
                f"uid {uid}). "
                "Nothing was imported; delete that engagement first to import it again."
            )


def _collect_refs(items: list[Json], path: str, what: str, refs: dict[str, str]) -> None:
    for i, item in enumerate(items):
        ref = item["ref"]
        if ref in refs:
            refuse(f"{path}[{i}].ref: {quoted(ref)} is already the ref of {what} {refs[ref]}.")
        refs[ref] = f"{path}[{i}]"


def _check_pointer(ref: str, known: Mapping[str, str], path: str, what: str) -> None:
    if ref not in known:
        refuse(f"{path}: {quoted(ref)} is not the ref of any {what} in this engagement.")


def _check_content_refs(content: Json, where: str) -> tuple[dict[str, str], dict[str, str]]:
    """Refs of measures, causes and scaffolds in the agreed content; addresses must resolve."""
    measures: dict[str, str] = {}
    behaviours: dict[str, str] = {}
    causes: dict[str, str] = {}
    _collect_refs(content["measures"], f"{where}.measures", "measure", measures)
    _collect_refs(content["behaviours"], f"{where}.behaviours", "behaviour", behaviours)
    for i, b in enumerate(content["behaviours"]):
        _collect_refs(b["causes"], f"{where}.behaviours[{i}].causes", "cause", causes)
    scaffolds: dict[str, str] = {}
    _collect_refs(content["scaffolds"], f"{where}.scaffolds", "scaffold", scaffolds)
    for i, s in enumerate(content["scaffolds"]):
        for k, ref in enumerate(s["addresses"]):
            _check_pointer(ref, causes, f"{where}.scaffolds[{i}].addresses[{k}]", "cause")
    return measures, scaffolds


def check_refs(e: Json, where: str) -> None:
    measures, scaffolds = _check_content_refs(e, where)
    for i, c in enumerate(e["checkins"]):
        for k, o in enumerate(c["observations"]):
            path = f"{where}.checkins[{i}].observations[{k}].measure"
            _check_pointer(o["measure"], measures, path, "measure")
        for k, u in enumerate(c["scaffold_updates"]):
            path = f"{where}.checkins[{i}].scaffold_updates[{k}].scaffold"
            _check_pointer(u["scaffold"], scaffolds, path, "scaffold")
    members: dict[str, str] = {}
    _collect_refs(e["team_members"], f"{where}.team_members", "team member", members)
    for i, t in enumerate(e["network_ties"]):
        for end in ("from", "to"):
            path = f"{where}.network_ties[{i}].{end}"
            _check_pointer(t[end], members, path, "team member")
    for i, v in enumerate(e["agreement_versions"]):
        _check_content_refs(v["content"], f"{where}.agreement_versions[{i}].content")
