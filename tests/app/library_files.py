"""Small library files for tests: entries as dicts, written as TOML in a test's folder."""

import json
from pathlib import Path
from typing import Any


def scaffold(key: str, **overrides: Any) -> dict[str, Any]:
    """A valid `[[scaffold]]` table; `overrides` replace fields (None removes one)."""
    item: dict[str, Any] = {
        "key": key,
        "name": key.replace("-", " ").capitalize(),
        "kind": "performance_support",
        "summary": f"What {key} is.",
        "setup": f"How to set up {key}.",
        "addresses": ["resources", "information"],
        "does_not_address": ["motives"],
        "levels": ["individual"],
        "owner_role": "partner",
        "effort": "low",
        "lead_time_days": 10,
        "step_back": "The team keeps it up to date.",
        "signal": "Fewer escalations.",
        "reference": "Job aids (Rossett & Schafer).",
        "new_skills": [],
    }
    item.update(overrides)
    return {name: value for name, value in item.items() if value is not None}


def toml_value(value: Any) -> str:
    """A TOML value: JSON's strings, numbers and arrays are valid TOML too."""
    if isinstance(value, bool):
        return "true" if value else "false"
    return json.dumps(value, ensure_ascii=False)


def toml_text(*items: dict[str, Any]) -> str:
    """A library file with these `[[scaffold]]` tables."""
    blocks = ["# A test library.\n"]
    for item in items:
        lines = ["[[scaffold]]"] + [f"{name} = {toml_value(v)}" for name, v in item.items()]
        blocks.append("\n".join(lines) + "\n")
    return "\n".join(blocks)


def write_library(path: Path, *items: dict[str, Any]) -> Path:
    """Write a library file and return its path."""
    path.write_text(toml_text(*items), encoding="utf-8")
    return path
