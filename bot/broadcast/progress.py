"""How a consultation's broadcast is going: notices and reminders sent, waiting, not sent."""

from __future__ import annotations

from dataclasses import dataclass, field

from bot.broadcast.recovery import INTERRUPTED
from bot.scheduling.notices import round_prefixes
from bot.services.consultations import ConsultationNotFound
from bot.services.ports import UnitOfWork, id_of


@dataclass(frozen=True)
class Counts:
    sent: int = 0
    pending: int = 0
    """Waiting, or being sent right now."""
    failed: int = 0
    """Not sent: blocked the bot, refused, cancelled when the round closed, or interrupted."""
    interrupted: int = 0
    """Of the failed: a drainer died while sending them; they may have arrived."""

    def __add__(self, other: Counts) -> Counts:
        return Counts(
            self.sent + other.sent,
            self.pending + other.pending,
            self.failed + other.failed,
            self.interrupted + other.interrupted,
        )

    @property
    def total(self) -> int:
        return self.sent + self.pending + self.failed


@dataclass(frozen=True)
class Progress:
    slug: str
    total: Counts
    rounds: dict[str, Counts] = field(default_factory=dict)

    @property
    def sent(self) -> int:
        return self.total.sent

    @property
    def pending(self) -> int:
        return self.total.pending

    @property
    def failed(self) -> int:
        return self.total.failed


def broadcast_progress(uow: UnitOfWork, slug: str) -> Progress:
    """Counts of the consultation's round notices and reminders, in total and per round."""
    consultation = uow.consultations.get(slug)
    if consultation is None:
        raise ConsultationNotFound(slug)
    per_round: dict[str, Counts] = {}
    for round_row in uow.consultations.rounds(id_of(consultation)):
        counts = Counts()
        for found in uow.outbox.status_counts(round_prefixes(id_of(round_row))):
            n = found.count
            if found.status == "sent":
                counts += Counts(sent=n)
            elif found.status in ("pending", "sending"):
                counts += Counts(pending=n)
            else:
                interrupted = n if found.last_error == INTERRUPTED else 0
                counts += Counts(failed=n, interrupted=interrupted)
        per_round[round_row.key] = counts
    total = sum(per_round.values(), Counts())
    return Progress(slug, total, per_round)


def progress_text(progress: Progress, catalogue: object, language: str, title: str) -> str:
    """The one-line answer to /progress SLUG."""
    return catalogue.text(  # type: ignore[attr-defined, no-any-return]
        "progress_report",
        language,
        consultation=title,
        sent=progress.sent,
        pending=progress.pending,
        failed=progress.failed,
    )
