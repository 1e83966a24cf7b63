"""The unit of work: one transaction, with the repositories that work inside it."""

from __future__ import annotations

from collections.abc import Callable
from types import TracebackType
from typing import Self

from sqlalchemy import Engine
from sqlmodel import Session

from storage.database import READ_ONLY
from storage.errors import DuplicateUpdate
from storage.repositories import (
    AnchorRepository,
    AnswerRepository,
    AudienceRepository,
    AuditRepository,
    ConsultationRepository,
    CredentialRepository,
    DeviceCodeRepository,
    ExportRepository,
    MailAddressRepository,
    OutboxRepository,
    ParticipantRepository,
    PersonalDataRepository,
    PromptRepository,
    RecoveryCodeRepository,
    ResultsRepository,
    RoleRepository,
    SessionRepository,
    TurnRepository,
    UpdateRepository,
)


class SqlUnitOfWork:
    """`with uow: ...; uow.commit()`; leaving the block without commit rolls back.

    The object can be entered again after it exits; each entry is a new session. Rows it
    returned stay readable after the block, as detached snapshots.
    """

    consultations: ConsultationRepository
    participants: ParticipantRepository
    sessions: SessionRepository
    answers: AnswerRepository
    updates: UpdateRepository
    audit: AuditRepository
    outbox: OutboxRepository
    anchors: AnchorRepository
    prompts: PromptRepository
    roles: RoleRepository
    credentials: CredentialRepository
    recovery_codes: RecoveryCodeRepository
    personal_data: PersonalDataRepository
    turns: TurnRepository
    audiences: AudienceRepository
    mail: MailAddressRepository
    results: ResultsRepository
    exports: ExportRepository
    device_codes: DeviceCodeRepository

    def __init__(
        self,
        engine: Engine,
        read_only: bool = False,
        audit_head: Callable[[int, str], None] | None = None,
    ) -> None:
        """`read_only`: for reads alone; on SQLite it does not take the write lock.
        `audit_head(entries, last_hash)` is called after a commit that appended to the audit
        log (the composition root signs it and keeps it outside the table)."""
        self._engine = engine.execution_options(**{READ_ONLY: True}) if read_only else engine
        self._session: Session | None = None
        self._audit_head = audit_head

    @property
    def session(self) -> Session:
        """The open session, for storage's own code and tests; the rest of the bot works
        through the repositories (`bot.services.ports.UnitOfWork` has no session)."""
        if self._session is None:
            raise RuntimeError("the unit of work is not entered")
        return self._session

    def __enter__(self) -> Self:
        if self._session is not None:
            raise RuntimeError("the unit of work is already entered")
        session = Session(self._engine, expire_on_commit=False, autoflush=True)
        self._session = session
        self.consultations = ConsultationRepository(session)
        self.participants = ParticipantRepository(session)
        self.sessions = SessionRepository(session)
        self.answers = AnswerRepository(session)
        self.updates = UpdateRepository(session)
        self.audit = AuditRepository(session)
        self.outbox = OutboxRepository(session)
        self.anchors = AnchorRepository(session)
        self.prompts = PromptRepository(session)
        self.roles = RoleRepository(session)
        self.credentials = CredentialRepository(session)
        self.recovery_codes = RecoveryCodeRepository(session)
        self.personal_data = PersonalDataRepository(session)
        self.turns = TurnRepository(session)
        self.audiences = AudienceRepository(session)
        self.mail = MailAddressRepository(session)
        self.results = ResultsRepository(session)
        self.exports = ExportRepository(session)
        self.device_codes = DeviceCodeRepository(session)
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        session, self._session = self.session, None
        # close() rolls back what was not committed and detaches the rows without expiring
        # them, so rows read in the block stay readable after it.
        session.close()

    def commit(self) -> None:
        """Commit the work so far; raise `DuplicateUpdate` if the update was already seen."""
        if self.updates.duplicate is not None:
            self.session.rollback()
            raise DuplicateUpdate(self.updates.duplicate)
        self.session.commit()
        head, self.audit.head = self.audit.head, None
        if head is not None and self._audit_head is not None:
            self._audit_head(*head)

    def rollback(self) -> None:
        """Undo the work since the last commit."""
        self.session.rollback()
        self.audit.head = None
