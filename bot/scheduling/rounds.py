"""Open, close and schedule rounds, queue their notices and reminders; every change audited.

Framework-free: a unit of work in, outbox rows out. Nothing here sends a message; the
outbox drainer (bot.broadcast) does. Dedupe keys make every call safe to repeat.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime, tzinfo
from typing import Any

from bot.consultations import Problem
from bot.consultations.readiness import DRAFT, SCHEDULED, live_problems
from bot.i18n.catalogue import Catalogue
from bot.scheduling import audience, mail_copies, notices
from bot.scheduling.times import QuietHours, ReminderSlot, due_slot, reminder_slots
from bot.services.consultations import ConsultationNotFound, load_stored_by_id
from bot.services.ports import Queued, RoundRow, UnitOfWork, UnitOfWorkFactory, id_of

CANCELLED = "cancelled: the round closed"
log = logging.getLogger(__name__)


class RoundNotReady(ValueError):
    """The round cannot go live: `problems` lists why (a missing privacy notice)."""

    def __init__(self, slug: str, key: str, problems: list[Problem]) -> None:
        super().__init__("; ".join(str(p) for p in problems))
        self.slug, self.key, self.problems = slug, key, problems


class RoundNotFound(LookupError):
    def __init__(self, slug: str, key: str) -> None:
        super().__init__(f"{slug!r} has no round called {key!r}")
        self.slug, self.key = slug, key


@dataclass(frozen=True)
class RoundRules:
    """The council's rules for timing: its zone, quiet hours, reminders per round."""

    zone: tzinfo
    quiet: QuietHours
    reminders_per_round: int = 2
    mail: bool = False
    """E-mail copies for web participants with an address (COPRO_SMTP_URL is set)."""

    @classmethod
    def from_settings(cls, settings: Any) -> RoundRules:
        zone = settings.zone
        quiet = QuietHours(settings.quiet_hours_start, settings.quiet_hours_end, zone)
        mail = bool(settings.smtp_url.get_secret_value())
        return cls(zone, quiet, settings.reminders_per_round, mail)


@dataclass(frozen=True)
class RoundChange:
    """What an open, close or schedule did (`changed` is False when it had nothing to do)."""

    slug: str
    round: str
    state: str
    changed: bool
    opens_at: datetime | None
    closes_at: datetime | None
    queued: int = 0
    cancelled: int = 0


@dataclass(frozen=True)
class Reminded:
    """What one reminder run did: the slot that was due (if any) and how many it queued."""

    slot: ReminderSlot | None
    queued: int = 0


class RoundLifecycle:
    """The use cases of a round's life, for officers (CLI, chat) and the scheduler alike."""

    def __init__(self, unit_of_work: UnitOfWorkFactory, catalogue: Catalogue, rules: RoundRules):
        self._uow = unit_of_work
        self.catalogue = catalogue
        self.rules = rules

    @classmethod
    def from_app(cls, app: Any) -> RoundLifecycle:
        return cls(app.unit_of_work, app.catalogue, RoundRules.from_settings(app.settings))

    # officers: by slug and round key ------------------------------------------------------

    def open_round(
        self, slug: str, key: str, now: datetime, actor: int | None = None, by: str = "officer"
    ) -> RoundChange:
        """Open now and queue a notice to everyone enrolled; a no-op if already open.
        Raises RoundNotReady if the consultation lacks what a live round needs."""
        with self._uow() as uow:
            row = _locked(uow, _round_id(uow, slug, key))
            _require_ready(uow, row, slug, now, self.rules.zone)
            change = self._open(uow, row, now, actor, by)
            uow.commit()
        return change

    def close_round(
        self, slug: str, key: str, now: datetime, actor: int | None = None, by: str = "officer"
    ) -> RoundChange:
        """Close now; notices and reminders not yet sent are cancelled."""
        with self._uow() as uow:
            row = _locked(uow, _round_id(uow, slug, key))
            change = self._close(uow, row, now, actor, by)
            uow.commit()
        return change

    def schedule_round(
        self,
        slug: str,
        key: str,
        opens: datetime | None,
        closes: datetime | None,
        now: datetime,
        actor: int | None = None,
    ) -> RoundChange:
        """Set when a round opens and closes (UTC; parse officers' local times first).

        A closed round or a draft scheduled, or an open one given a later opening, goes
        (back) to "scheduled"; the scheduler opens it when its time comes. A draft given no
        opening time stays a draft. Raises RoundNotReady if the round would go live without
        what a live round needs.
        """
        if opens is not None and closes is not None and closes <= opens:
            raise ValueError("the round must close after it opens")
        if closes is not None and closes <= now:
            raise ValueError("the closing time has passed already")
        with self._uow() as uow:
            row = _locked(uow, _round_id(uow, slug, key))
            assert row.id is not None
            reopening = row.state == "closed" or (
                row.state == "open" and opens is not None and opens > now
            ) or (row.state == DRAFT and opens is not None)
            if reopening or row.state == SCHEDULED:
                _require_ready(uow, row, slug, now, self.rules.zone)
            uow.consultations.schedule_round(row.id, opens, closes)
            if reopening:
                uow.consultations.set_round_state(row.id, SCHEDULED)
            detail = {"slug": slug, "round": key, "opens": _iso(opens), "closes": _iso(closes),
                      "state": row.state}
            uow.audit.append(actor, "round.scheduled", detail, now)
            change = RoundChange(slug, key, row.state, True, opens, closes)
            uow.commit()
        return change

    def mute_reminders(self, user_id: int, slug: str, muted: bool = True) -> bool:
        """The "Stop reminders" button: no more reminders for this consultation.

        Reminders already queued for the person are cancelled too. False if they are not
        enrolled (nothing to mute).
        """
        with self._uow() as uow:
            consultation = uow.consultations.get(slug)
            participant = uow.participants.get(user_id)
            if consultation is None or participant is None:
                return False
            consultation_id = id_of(consultation)
            if not uow.participants.mute_reminders(id_of(participant), consultation_id, muted):
                return False
            if muted:
                for round_row in uow.consultations.rounds(consultation_id):
                    uow.outbox.cancel_pending((f"remind:{round_row.id}:{user_id}:",),
                                              "cancelled: muted")
            uow.commit()
        return True

    # the scheduler: by round id -----------------------------------------------------------

    def open_due(self, round_id: int, now: datetime) -> RoundChange | None:
        """Open a scheduled round whose time has come (and that has not closed meanwhile)."""
        with self._uow() as uow:
            row = _locked(uow, round_id)
            if row.state != "scheduled" or row.opens_at is None or row.opens_at > now:
                return None
            if row.closes_at is not None and row.closes_at <= now:
                return None
            stored = load_stored_by_id(uow, row.consultation_id, now, self.rules.zone)
            if live_problems(stored.consultation):  # refused when scheduled; kept shut here
                log.warning("scheduler.round_not_ready", extra={"round_id": round_id})
                return None
            change = self._open(uow, row, now, None, "scheduler")
            uow.commit()
        return change

    def close_due(self, round_id: int, now: datetime) -> RoundChange | None:
        """Close a round whose closing time has passed."""
        with self._uow() as uow:
            row = _locked(uow, round_id)
            if row.state == "closed" or row.closes_at is None or row.closes_at > now:
                return None
            change = self._close(uow, row, now, None, "scheduler")
            uow.commit()
        return change

    def send_reminders(self, round_id: int, now: datetime) -> Reminded:
        """Queue the reminder that is due now, to those who should have it (none in quiet hours)."""
        if self.rules.quiet.contains(now):
            return Reminded(None)
        with self._uow() as uow:
            row = _locked(uow, round_id)
            if not is_live(row, now):
                return Reminded(None)
            assert row.id is not None and row.closes_at is not None
            stored = load_stored_by_id(uow, row.consultation_id, now, self.rules.zone)
            round_ = stored.consultation.round(row.key)
            if round_ is None:
                return Reminded(None)
            slots = reminder_slots(
                round_.reminders, row.opens_at, row.closes_at, self.rules.zone, self.rules.quiet
            )
            slot = due_slot(slots, now)
            if slot is None:
                return Reminded(None)
            prefix = f"remind:{row.id}:"
            queued_before = uow.outbox.dedupe_keys(prefix)
            counts = audience.reminders_per_user(queued_before)
            people = audience.reminder_audience(uow, stored.id, row.id, before=slot.at)
            messages = []
            for person in people:
                key = notices.reminder_key(row.id, person.user_id, slot.n)
                if key in queued_before or counts[person.user_id] >= self.rules.reminders_per_round:
                    continue
                payload = notices.reminder(
                    self.catalogue, stored.consultation, round_, row.closes_at, person.user_id,
                    person.language,
                )
                messages.append(Queued(person.user_id, notices.REMINDER_KIND, payload, key))
            if self.rules.mail:
                messages += mail_copies.reminder_copies(
                    uow, self.catalogue, stored.consultation, stored.id, round_, row.id,
                    row.closes_at, slot, self.rules.reminders_per_round,
                )
            queued = uow.outbox.enqueue_many(messages, now)
            if queued:
                detail = {"slug": stored.consultation.slug, "round": row.key, "n": slot.n,
                          "queued": queued}
                uow.audit.append(None, "round.reminded", detail, now)
            uow.commit()
        return Reminded(slot, queued)

    # shared -------------------------------------------------------------------------------

    def _open(
        self, uow: UnitOfWork, row: RoundRow, now: datetime, actor: int | None, by: str
    ) -> RoundChange:
        assert row.id is not None
        stored = load_stored_by_id(uow, row.consultation_id, now, self.rules.zone)
        slug = stored.consultation.slug
        if row.state == "open":
            return RoundChange(slug, row.key, "open", False, row.opens_at, row.closes_at)
        # An early open starts now; a close date already passed would shut it at once: drop it.
        opens = row.opens_at if row.opens_at is not None and row.opens_at <= now else now
        closes = row.closes_at if row.closes_at is None or row.closes_at > now else None
        uow.consultations.schedule_round(row.id, opens, closes)
        uow.consultations.set_round_state(row.id, "open")
        round_ = stored.consultation.round(row.key)
        queued = 0
        if round_ is not None:
            quiet = self.rules.quiet
            not_before = quiet.defer(now) if quiet.contains(now) else None
            messages = [
                Queued(
                    person.user_id,
                    notices.OPEN_KIND,
                    notices.open_notice(self.catalogue, stored.consultation, round_, closes,
                                        person.user_id, person.language),
                    notices.open_key(row.id, person.user_id),
                    not_before,
                )
                for person in audience.open_notice_audience(uow, stored.id, row.id)
            ]
            if self.rules.mail:
                messages += mail_copies.open_copies(uow, self.catalogue, stored.consultation,
                                                    stored.id, round_, row.id, closes, not_before)
            queued = uow.outbox.enqueue_many(messages, now)
        detail = {"slug": slug, "round": row.key, "by": by, "notices": queued}
        uow.audit.append(actor, "round.opened", detail, now)
        return RoundChange(slug, row.key, "open", True, opens, closes, queued=queued)

    def _close(
        self, uow: UnitOfWork, row: RoundRow, now: datetime, actor: int | None, by: str
    ) -> RoundChange:
        assert row.id is not None
        consultation = uow.consultations.get_by_id(row.consultation_id)
        slug = consultation.slug if consultation is not None else str(row.consultation_id)
        if row.state == "closed":
            return RoundChange(slug, row.key, "closed", False, row.opens_at, row.closes_at)
        closes = row.closes_at if row.closes_at is not None and row.closes_at <= now else now
        opens = row.opens_at if row.opens_at is None or row.opens_at <= closes else None
        uow.consultations.schedule_round(row.id, opens, closes)
        uow.consultations.set_round_state(row.id, "closed")
        cancelled = uow.outbox.cancel_pending(notices.round_prefixes(row.id), CANCELLED)
        detail = {"slug": slug, "round": row.key, "by": by, "cancelled": cancelled}
        uow.audit.append(actor, "round.closed", detail, now)
        return RoundChange(slug, row.key, "closed", True, opens, closes, cancelled=cancelled)


def is_live(row: RoundRow, now: datetime) -> bool:
    """Open now and due to close: the only rounds that send reminders."""
    if row.closes_at is None or now >= row.closes_at:
        return False
    return row.state == "open" or (row.state == "scheduled" and row.opens_at is None)


def _require_ready(uow: UnitOfWork, row: RoundRow, slug: str, now: datetime, zone: tzinfo
                   ) -> None:
    problems = live_problems(load_stored_by_id(uow, row.consultation_id, now, zone).consultation)
    if problems:
        raise RoundNotReady(slug, row.key, problems)


def _round_id(uow: UnitOfWork, slug: str, key: str) -> int:
    consultation = uow.consultations.get(slug)
    if consultation is None:
        raise ConsultationNotFound(slug)
    row = uow.consultations.round(id_of(consultation), key)
    if row is None:
        raise RoundNotFound(slug, key)
    return id_of(row)


def _locked(uow: UnitOfWork, round_id: int) -> RoundRow:
    """The round, locked until commit, so the CLI and the scheduler take turns on it."""
    row = uow.consultations.round_for_update(round_id)
    if row is None:
        raise LookupError(f"no round {round_id}")
    return row


def _iso(moment: datetime | None) -> str | None:
    return moment.isoformat() if moment is not None else None
