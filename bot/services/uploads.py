"""An officer's uploaded consultation file, imported when they confirm it.

The file's text waits in the officer's prompt (see the staff chat). `decide` takes the
prompt, checks the text again and imports it with `import_consultation`, the use case
`copro consultation import` runs, all in one transaction: of two taps, one imports.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, tzinfo
from enum import StrEnum

from bot.consultations import ConsultationInvalid, load_text, readiness
from bot.services.admin_guard import require_fresh_staff
from bot.services.consultations import import_consultation, round_states_after_import
from bot.services.ports import UnitOfWork, UnitOfWorkFactory
from storage.errors import ConsultationHasAnswers


class UploadOutcome(StrEnum):
    STALE = "stale"
    """No such offer: tapped already, expired, or replaced by a newer file."""
    CANCELLED = "cancelled"
    INVALID = "invalid"
    """The file no longer passes the checks (they may have changed since the offer)."""
    HAS_ANSWERS = "has_answers"
    """The consultation has answers, which an import would lose: nothing changed."""
    IMPORTED = "imported"


@dataclass(frozen=True)
class UploadDecided:
    outcome: UploadOutcome
    file_name: str = ""
    slug: str = ""
    drafts: tuple[str, ...] = ()
    """The rounds left drafts (not open to residents until an officer opens them)."""


class ConsultationUploads:
    """`prompt_kind` names the prompt the offer waits in."""

    def __init__(self, unit_of_work: UnitOfWorkFactory, zone: tzinfo, prompt_kind: str) -> None:
        self._uow = unit_of_work
        self._zone = zone
        self._kind = prompt_kind

    def decide(self, user_id: int, token: str, accepted: bool, now: datetime) -> UploadDecided:
        """Import the offered file (or drop it if not `accepted`); audited as the officer's."""
        with self._uow() as uow:
            decided = self._decide(uow, user_id, token, accepted, now)
            uow.commit()
        return decided

    def _decide(
        self, uow: UnitOfWork, user_id: int, token: str, accepted: bool, now: datetime
    ) -> UploadDecided:
        if accepted:  # an import needs a code from the last 5 minutes (StepUpRequired)
            require_fresh_staff(uow, user_id, now)
        payload = uow.prompts.take(user_id, now, self._kind, token)
        if payload is None:
            return UploadDecided(UploadOutcome.STALE)
        name = str(payload.get("name", ""))
        if not accepted:
            return UploadDecided(UploadOutcome.CANCELLED, name)
        try:
            loaded = load_text(str(payload["text"]), self._zone)
        except ConsultationInvalid:
            return UploadDecided(UploadOutcome.INVALID, name)
        slug = loaded.consultation.slug
        drafts = tuple(readiness.drafts(round_states_after_import(uow, loaded)))
        try:
            import_consultation(uow, loaded, now, actor=user_id)
        except ConsultationHasAnswers:
            uow.rollback()
            uow.prompts.clear(user_id)
            return UploadDecided(UploadOutcome.HAS_ANSWERS, name, slug)
        except ConsultationInvalid:  # a stored round is live and the file lacks what it needs
            uow.rollback()
            uow.prompts.clear(user_id)
            return UploadDecided(UploadOutcome.INVALID, name, slug)
        detail = {"slug": slug, "file": name[:100]}
        uow.audit.append(user_id, "consultation.uploaded", detail, now)
        return UploadDecided(UploadOutcome.IMPORTED, name, slug, drafts)
