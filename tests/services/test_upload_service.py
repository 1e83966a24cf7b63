"""An uploaded consultation file is imported when the officer confirms it, by the same use
case as `copro consultation import`, once, and never over a consultation with answers."""

from __future__ import annotations

from datetime import timedelta

from service_testkit import ROOT, FrozenClock

from bot.bootstrap import App
from bot.services.uploads import ConsultationUploads, UploadOutcome
from tests.support import two_factor

KIND = "officer_import"
OFFICER = 7001
PARK = (ROOT / "config" / "consultations" / "victoria-park.yaml").read_text(encoding="utf-8")
NEW = PARK.replace("slug: victoria-park", "slug: new-park")


def offer(app: App, text: str, token: str = "t1") -> ConsultationUploads:
    """The officer (enrolled, with a fresh code: finding 12) has been offered `text`."""
    if not app.roles.has_role(OFFICER, "officer"):
        app.roles.grant(OFFICER, "officer", app.clock())
        two_factor.enrol(app, OFFICER, app.clock())
    with app.unit_of_work() as uow:
        uow.prompts.put(OFFICER, KIND, {"token": token, "text": text, "name": "park.yaml"},
                        app.clock(), timedelta(minutes=30))
        uow.commit()
    return ConsultationUploads(app.unit_of_work, app.settings.zone, KIND)


def test_a_confirmed_file_is_imported_once_and_audited(app: App, clock: FrozenClock) -> None:
    uploads = offer(app, NEW)

    decided = uploads.decide(OFFICER, "t1", True, clock())
    again = uploads.decide(OFFICER, "t1", True, clock())

    assert (decided.outcome, decided.slug, decided.file_name) == (
        UploadOutcome.IMPORTED, "new-park", "park.yaml")
    assert again.outcome is UploadOutcome.STALE
    with app.reading() as uow:
        assert uow.consultations.get("new-park") is not None
        actions = [(e.action, e.actor, e.detail) for e in uow.audit.latest(2)]
    assert actions == [
        ("consultation.uploaded", OFFICER, {"slug": "new-park", "file": "park.yaml"}),
        ("consultation.imported", OFFICER, {"slug": "new-park", "drafts": ["discover"]}),
    ]


def test_item21_an_import_from_the_chat_is_credited_to_the_officer(
    app: App, clock: FrozenClock
) -> None:
    offer(app, NEW).decide(OFFICER, "t1", True, clock())
    with app.reading() as uow:
        imported = [e for e in uow.audit.latest(5) if e.action == "consultation.imported"]
    assert [e.actor for e in imported] == [OFFICER], "not 'the system or the command line'"


def test_a_wrong_token_or_a_cancel_imports_nothing(app: App, clock: FrozenClock) -> None:
    uploads = offer(app, NEW)

    assert uploads.decide(OFFICER, "other", True, clock()).outcome is UploadOutcome.STALE
    assert uploads.decide(OFFICER, "t1", False, clock()).outcome is UploadOutcome.CANCELLED
    assert uploads.decide(OFFICER, "t1", True, clock()).outcome is UploadOutcome.STALE
    with app.reading() as uow:
        assert uow.consultations.get("new-park") is None


def test_a_file_that_no_longer_passes_the_checks_is_refused(app: App, clock: FrozenClock) -> None:
    uploads = offer(app, "slug: [broken")

    decided = uploads.decide(OFFICER, "t1", True, clock())

    assert (decided.outcome, decided.file_name) == (UploadOutcome.INVALID, "park.yaml")
    with app.reading() as uow:
        assert uow.prompts.get(OFFICER, clock()) is None


def test_a_consultation_with_answers_is_left_as_it_was(app: App, clock: FrozenClock) -> None:
    with app.unit_of_work() as uow:
        park = uow.consultations.get("victoria-park")
        assert park is not None and park.id is not None
        round_ = uow.consultations.rounds(park.id)[0]
        assert round_.id is not None
        question_id = next(iter(uow.consultations.question_ids(round_.id).values()))
        person = uow.participants.get_or_create(9001)
        assert person.id is not None
        uow.answers.put(person.id, round_.id, question_id, "yes")
        uow.commit()
    uploads = offer(app, PARK.replace("Victoria Park", "Victoria Gardens"))

    decided = uploads.decide(OFFICER, "t1", True, clock())

    assert (decided.outcome, decided.slug) == (UploadOutcome.HAS_ANSWERS, "victoria-park")
    with app.reading() as uow:
        stored = uow.consultations.get("victoria-park")
        assert stored is not None and "Victoria Gardens" not in str(stored.definition)
        assert uow.prompts.get(OFFICER, clock()) is None, "the offer is over"
        assert uow.audit.latest(1)[0].action != "consultation.uploaded"
