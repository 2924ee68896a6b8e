"""The file's own consistency: version numbers, the status history's end, one rating a skill."""

from app.exchange import Json
from app.exchange.errors import refuse


def check_consistency(e: Json, where: str) -> None:
    """Rules of the file itself, that no service sees: versions, history, one rating a skill."""
    numbers = [v["number"] for v in e["agreement_versions"]]
    if numbers != list(range(1, len(numbers) + 1)):
        found = ", ".join(str(n) for n in numbers[:10]) + (", …" if len(numbers) > 10 else "")
        refuse(
            f"{where}.agreement_versions: signed versions must be numbered 1, 2, 3… "
            f"oldest first, not {found}."
        )
    current, signed = e["agreement_version"], len(numbers)
    if signed == 0 and current != 1:
        refuse(
            f"{where}.agreement_version: no version is signed, so the version being edited "
            f"is 1, not {current}."
        )
    if signed and current not in (signed, signed + 1):
        refuse(
            f"{where}.agreement_version: with {signed} signed version(s) it must be {signed} "
            f"(signed) or {signed + 1} (being amended), not {current}."
        )
    last = e["status_history"][-1]["to_status"]
    if last != e["status"]:
        refuse(
            f"{where}.status: the status is “{e['status']}” but the status history ends "
            f"with “{last}”."
        )
    rated: set[str] = set()
    for i, r in enumerate(e["readiness"]):
        if r["skill"] in rated:
            refuse(f"{where}.readiness[{i}].skill: “{r['skill']}” is rated twice.")
        rated.add(r["skill"])
