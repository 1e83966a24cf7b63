"""The unit of work the admin services need: the usual repositories plus roles and 2FA state."""

from __future__ import annotations

from collections.abc import Callable
from types import TracebackType
from typing import Any, Protocol, Self


class SecurityUnitOfWork(Protocol):
    """`storage.SqlUnitOfWork` satisfies this."""

    consultations: Any
    participants: Any
    sessions: Any
    answers: Any
    audit: Any
    roles: Any
    credentials: Any
    recovery_codes: Any
    personal_data: Any

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
