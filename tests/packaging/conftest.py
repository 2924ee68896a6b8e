"""The packaging scripts are files in packaging/, not a package: load them as modules by path."""

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

import pytest

PACKAGING = Path(__file__).resolve().parents[2] / "packaging"


def load_packaging_module(name: str) -> ModuleType:
    """packaging/<name>.py as the module `name` (kept in sys.modules, as dataclasses need)."""
    if name in sys.modules:
        return sys.modules[name]
    spec = importlib.util.spec_from_file_location(name, PACKAGING / f"{name}.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="session")
def rules() -> ModuleType:
    """packaging/bundle_rules.py."""
    return load_packaging_module("bundle_rules")


@pytest.fixture(scope="session")
def builder() -> ModuleType:
    """packaging/build_bundle.py."""
    return load_packaging_module("build_bundle")


@pytest.fixture(scope="session")
def smoke_module() -> ModuleType:
    """packaging/smoke_bundle.py."""
    return load_packaging_module("smoke_bundle")
