"""The unit of work the admin services need: the usual repositories plus roles and 2FA state."""

from __future__ import annotations

from collections.abc import Callable
from types import TracebackType
from typing import Protocol, Self

from bot.services.ports import (
    Answers,
    AuditLog,
    Consultations,
    Credentials,
    MailAddresses,
    Participants,
    PersonalData,
    RecoveryCodes,
    Roles,
    Sessions,
)


class SecurityUnitOfWork(Protocol):
    """A part of `bot.services.ports.UnitOfWork`; `storage.SqlUnitOfWork` satisfies both."""

    @property
    def consultations(self) -> Consultations: ...
    @property
    def participants(self) -> Participants: ...
    @property
    def sessions(self) -> Sessions: ...
    @property
    def answers(self) -> Answers: ...
    @property
    def audit(self) -> AuditLog: ...
    @property
    def roles(self) -> Roles: ...
    @property
    def credentials(self) -> Credentials: ...
    @property
    def recovery_codes(self) -> RecoveryCodes: ...
    @property
    def personal_data(self) -> PersonalData: ...
    @property
    def mail(self) -> MailAddresses: ...

    def __enter__(self) -> Self: ...

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
        /,
    ) -> None: ...

    def commit(self) -> None: ...


SecurityUnitOfWorkFactory = Callable[[], SecurityUnitOfWork]
