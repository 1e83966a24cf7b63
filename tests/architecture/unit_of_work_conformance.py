"""Type-checked by test_unit_of_work_port.py: storage's unit of work is the port services
are written against, repository by repository, method by method."""

from __future__ import annotations

from sqlalchemy import Engine

from bot.services.admin_ports import SecurityUnitOfWork, SecurityUnitOfWorkFactory
from bot.services.ports import UnitOfWork, UnitOfWorkFactory
from storage import SqlUnitOfWork


def as_port(engine: Engine) -> UnitOfWork:
    return SqlUnitOfWork(engine)


def as_security_port(engine: Engine) -> SecurityUnitOfWork:
    return SqlUnitOfWork(engine)


def factories(engine: Engine) -> tuple[UnitOfWorkFactory, SecurityUnitOfWorkFactory]:
    def make() -> SqlUnitOfWork:
        return SqlUnitOfWork(engine)

    return make, make
