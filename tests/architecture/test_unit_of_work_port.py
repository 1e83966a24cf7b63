"""`storage.SqlUnitOfWork` satisfies `bot.services.ports.UnitOfWork`: every repository the
port names is there, and each has every method of its Protocol with the same parameters.

Checked twice: by mypy, on unit_of_work_conformance.py (and on a broken copy, to show the
check can fail), and at run time, by comparing signatures.
"""

from __future__ import annotations

import inspect
from pathlib import Path
from typing import Any

import pytest
from mypy import api as mypy

from bot.services import ports
from storage import SqlUnitOfWork, make_engine

ROOT = Path(__file__).resolve().parents[2]
CONFORMANCE = Path(__file__).with_name("unit_of_work_conformance.py")
BROKEN = '''
from sqlalchemy import Engine
from bot.services.ports import UnitOfWork
from storage import SqlUnitOfWork

class WithoutExports(SqlUnitOfWork):
    exports: None  # type: ignore[assignment]

def as_port(engine: Engine) -> UnitOfWork:
    return WithoutExports(engine)
'''


def port_repositories() -> dict[str, Any]:
    """Attribute name -> the repository Protocol the port declares for it."""
    hints = {name: value for name, value in vars(ports.UnitOfWork).items()
             if isinstance(value, property)}
    return {name: inspect.signature(p.fget).return_annotation for name, p in hints.items()}


def parameters(function: Any) -> list[tuple[str, Any, bool]]:
    """(name, kind, has a default) of each parameter after `self`."""
    signature = inspect.signature(function)
    return [(p.name, p.kind, p.default is not inspect.Parameter.empty)
            for p in list(signature.parameters.values())[1:]]


def mismatches(implementation: Any, protocol: type) -> list[str]:
    """What `implementation` lacks, or has with other parameters, of `protocol`'s methods."""
    found = []
    for name, declared in vars(protocol).items():
        if name.startswith("_") or not callable(declared):
            continue
        present = getattr(type(implementation), name, None)
        if present is None:
            found.append(f"{protocol.__name__}.{name} is missing")
        elif parameters(present) != parameters(declared):
            found.append(f"{protocol.__name__}.{name} takes {parameters(present)}")
    return found


def test_the_port_lists_every_repository_by_name() -> None:
    assert set(port_repositories()) == set(ports.REPOSITORIES)


def test_an_entered_unit_of_work_has_every_repository_of_the_port() -> None:
    engine = make_engine("sqlite://")
    with SqlUnitOfWork(engine) as uow:
        missing = [name for name in ports.REPOSITORIES if not hasattr(uow, name)]
        wrong = [
            problem
            for name, protocol in port_repositories().items()
            if hasattr(uow, name)
            for problem in mismatches(getattr(uow, name), getattr(ports, protocol))
        ]
    engine.dispose()

    assert missing == [] and wrong == []


def test_the_runtime_check_finds_a_missing_or_different_method() -> None:
    class Half:
        def get(self, slug: str, extra: int) -> None: ...

    found = mismatches(Half(), ports.Consultations)

    assert any(problem.startswith("Consultations.get takes [") for problem in found), found
    assert "Consultations.rounds is missing" in found


def run_mypy(*arguments: str) -> tuple[int, str]:
    out, err, status = mypy.run([
        "--config-file", str(ROOT / "pyproject.toml"),
        "--cache-dir", str(ROOT / ".mypy_cache"),
        "--no-error-summary", *arguments,
    ])
    return status, out + err


def test_mypy_accepts_storage_s_unit_of_work_as_the_port() -> None:
    status, output = run_mypy(str(CONFORMANCE))

    assert status == 0, output


def test_mypy_refuses_a_unit_of_work_without_a_repository() -> None:
    status, output = run_mypy("-c", BROKEN)

    assert status == 1, output
    assert 'expected "UnitOfWork"' in output
    assert 'exports: expected "ExportAnswers", got "None"' in output


@pytest.mark.parametrize("name", ports.REPOSITORIES)
def test_each_repository_protocol_is_exported(name: str) -> None:
    assert port_repositories()[name] in ports.__all__
