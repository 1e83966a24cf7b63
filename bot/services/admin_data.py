"""Admin actions on personal data, each behind step-up and audited: erase, purge, export.

The export itself lives elsewhere; it calls `authorise_personal_export` first.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any, cast

from bot.security.pseudonyms import matches, pseudonym
from bot.services.admin_guard import require_fresh_admin
from bot.services.admin_ports import SecurityUnitOfWork
from bot.services.people import PersonKey, pseudonym_source
from bot.services.ports import UnitOfWork, id_of
from bot.services.retention import retention_ends
from bot.services.rights import erase_participant
from storage.identity import Identity


class ConsultationMissing(LookupError):
    def __init__(self, slug: str) -> None:
        super().__init__(f"no consultation called {slug!r}")
        self.slug = slug


class RetentionNotOver(PermissionError):
    """A consultation's answers may be purged only after its retention period."""

    def __init__(self, slug: str, ends: datetime | None) -> None:
        when = ends.isoformat() if ends else "after its last round closes"
        super().__init__(f"{slug}: retention runs until {when}")
        self.slug, self.ends = slug, ends


class PseudonymAmbiguous(LookupError):
    """A short (legacy) pseudonym names more than one person: nobody was erased."""

    def __init__(self, given: str) -> None:
        super().__init__(f"{given} names more than one participant")
        self.given = given


def erase_by_pseudonym(
    uow: SecurityUnitOfWork,
    slug: str | None,
    given: str,
    *,
    actor: int,
    secret_key: str,
    now: datetime,
) -> bool:
    """Erase the participant behind a pseudonym (everything held about them); False if none.

    The pseudonym is recomputed for each person enrolled in the consultation (in every
    consultation when `slug` is None): the mapping is never stored. A legacy 8-digit
    pseudonym that names two people raises PseudonymAmbiguous, and nothing is erased.
    """
    require_fresh_admin(uow, actor, now)
    slugs = [slug] if slug is not None else [c.slug for c in uow.consultations.list()]
    found: dict[int, Identity] = {}
    for where in slugs:
        consultation = _consultation(uow, where)
        for enrolment in uow.participants.enrolled(consultation.id):
            person = uow.participants.get_by_id(enrolment.participant_id)
            assert person is not None  # an enrolment goes with its participant (CASCADE)
            source = pseudonym_source(person.telegram_user_id, person.web_key)
            if matches(pseudonym(secret_key, where, source), given):
                found[id_of(person)] = PersonKey.from_row(person).identity
    if len(found) > 1:
        raise PseudonymAmbiguous(given)
    if not found:
        return False
    [identity] = found.values()
    return erase_participant(cast(UnitOfWork, uow), identity, now, actor)


def purge_consultation(uow: SecurityUnitOfWork, slug: str, *, actor: int, now: datetime) -> int:
    """Delete every answer (and tag) of a consultation whose retention is over; how many."""
    require_fresh_admin(uow, actor, now)
    consultation = _consultation(uow, slug)
    ends = retention_ends(uow, consultation, now)
    if ends is None or now < ends:
        raise RetentionNotOver(slug, ends)
    round_ids = [id_of(r) for r in uow.consultations.rounds(consultation.id)]
    answers, tags = uow.personal_data.purge_answers(round_ids)
    sessions = uow.personal_data.delete_sessions(consultation.id)
    enrolments = uow.personal_data.delete_enrolments(consultation.id)
    detail = {
        "consultation": slug,
        "answers": answers,
        "tags": tags,
        "sessions": sessions,
        "enrolments": enrolments,
    }
    uow.audit.append(actor, "consultation.purged", detail, now)
    return int(answers)


def authorise_personal_export(
    uow: SecurityUnitOfWork, slug: str, *, actor: int, now: datetime
) -> None:
    """Allow an export with personal data (unredacted): step-up, then an audit entry."""
    require_fresh_admin(uow, actor, now)
    _consultation(uow, slug)
    uow.audit.append(actor, "export.personal_data", {"consultation": slug}, now)


def _consultation(uow: SecurityUnitOfWork, slug: str) -> Any:
    row = uow.consultations.get(slug)
    if row is None:
        raise ConsultationMissing(slug)
    return row
