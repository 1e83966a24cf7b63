"""The composition root: build Copro's real adapters from settings, once."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import cached_property
from typing import TYPE_CHECKING, Any

from sqlalchemy import Engine

from bot.conversation.anchors import AnchorBook
from bot.conversation.services import ConversationServices
from bot.i18n.catalogue import Catalogue, load_catalogue
from bot.rendering import Renderer
from bot.security.audit_head import SUFFIX, AuditHeadStore
from bot.security.keys import DEVELOPMENT_KEY, KeyRing
from bot.security.log_pseudonyms import use_log_key
from bot.services.admin import AdminService
from bot.services.answering import AnswerService
from bot.services.blocking import BlockingRunner
from bot.services.consultations import ConsultationDirectory
from bot.services.definitions import DefinitionCache
from bot.services.delivery import DeliveryService
from bot.services.device_codes import DeviceCodeService
from bot.services.prompts import PromptService
from bot.services.retention import apply_retention, forget_processed_updates
from bot.services.rights import RightsService
from bot.services.roles import RoleService
from bot.services.tagging import TaggingService
from config.settings import Settings, load_settings
from storage import SqlUnitOfWork, make_engine, upgrade
from storage.database import file_beside

if TYPE_CHECKING:
    from bot.exports import ExportService
    from bot.mail.address import AddressBox
    from bot.mail.drainer import MailDrainer
    from bot.observability.metrics import Metrics
    from bot.scheduling import RoundLifecycle
    from bot.services.mail_subscriptions import MailSubscriptions
    from bot.telegram.services import ChatServices
    from bot.telegram.staff.services import StaffServices
    from bot.web.services import WebServices
    from bot.web.web_limits import WebLimits

SQLITE_THREADS = 1
POSTGRESQL_THREADS = 8


def utc_clock() -> datetime:
    return datetime.now(UTC)


@dataclass
class App:
    """Everything a front end needs, wired to the configured database."""

    settings: Settings
    clock: Callable[[], datetime] = utc_clock

    def __post_init__(self) -> None:
        use_log_key(self.pseudonym_key)  # user ids in log lines, keyed like every pseudonym

    @cached_property
    def database(self) -> Engine:
        return make_engine(self.settings.database_url)

    def unit_of_work(self) -> SqlUnitOfWork:
        return SqlUnitOfWork(self.database, audit_head=self.audit_head.record)

    @cached_property
    def audit_head(self) -> AuditHeadStore:
        """Where the signed audit head goes after each append (see `copro audit verify`)."""
        path = self.settings.audit_head_file or file_beside(self.settings.database_url, SUFFIX)
        return AuditHeadStore(self.keys.audit, path)

    def reading(self) -> SqlUnitOfWork:
        """A unit of work for reads alone (on SQLite it never waits for the write lock)."""
        return SqlUnitOfWork(self.database, read_only=True)

    @cached_property
    def metrics(self) -> Metrics:
        """This App's Prometheus metrics, in a registry of its own (tests never share them)."""
        from bot.observability import metrics_for  # only processes that count pay for it

        return metrics_for(self)

    @cached_property
    def catalogue(self) -> Catalogue:
        return load_catalogue(self.settings.zone)

    @cached_property
    def renderer(self) -> Renderer:
        return Renderer(self.catalogue)

    @cached_property
    def definitions(self) -> DefinitionCache:
        return DefinitionCache(self.settings.zone)

    @cached_property
    def answers(self) -> AnswerService:
        return AnswerService(self.unit_of_work, self.definitions, self.reading)

    @cached_property
    def roles(self) -> RoleService:
        return RoleService(self.unit_of_work)

    @cached_property
    def rounds(self) -> RoundLifecycle:
        from bot.scheduling import RoundLifecycle

        return RoundLifecycle.from_app(self)

    @cached_property
    def admins(self) -> AdminService:
        return AdminService(self.unit_of_work, self.keys.sealing)

    @cached_property
    def exports(self) -> ExportService:
        from bot.exports import ExportService  # exports load their writers only when used

        return ExportService(
            self.unit_of_work, self.clock, self.settings.zone, self.pseudonym_key,
            self.tagger_for,
        )

    @cached_property
    def delivery(self) -> DeliveryService:
        return DeliveryService(self.unit_of_work)

    @cached_property
    def blocking(self) -> BlockingRunner:
        """Where this process runs its database calls from the event loop."""
        sqlite = self.database.dialect.name == "sqlite"
        return BlockingRunner(SQLITE_THREADS if sqlite else POSTGRESQL_THREADS)

    @cached_property
    def anchors(self) -> AnchorBook:
        return AnchorBook(lambda batch: self.blocking(self.delivery.write_anchors, batch))

    async def anchor_of(self, chat_id: int) -> tuple[int, str] | None:
        """The message that shows a chat's question: this process's newest, else stored."""
        waiting = self.anchors.pending(chat_id)
        if waiting is not False:
            return (waiting.message_id, waiting.question) if waiting else None
        return await self.blocking(self.delivery.anchor_of, chat_id)

    @cached_property
    def conversation(self) -> ConversationServices:
        """What the chat conversation (any channel) works with."""
        return ConversationServices(
            answers=self.answers,
            rights=RightsService(self.unit_of_work, self.pseudonym_key, self.mail_box.open),
            directory=ConsultationDirectory(self.reading, self.settings.zone),
            reminders=self.rounds,
            roles=self.roles,
            prompts=PromptService(self.reading),
            catalogue=self.catalogue,
            renderer=self.renderer,
            clock=self.clock,
            blocking=self.blocking,
            anchors=self.anchors,
            answers_stored=self.metrics.answers_stored,
        )

    @cached_property
    def web(self) -> WebServices:
        """What the web channel works with: the same services as the chat conversation."""
        from bot.web.services import WebServices

        conversation = self.conversation
        return WebServices(
            answers=conversation.answers,
            rights=conversation.rights,
            directory=conversation.directory,
            catalogue=self.catalogue,
            renderer=self.renderer,
            clock=self.clock,
            blocking=self.blocking,
            secret_key=self.keys.web,
            public_url=self.settings.public_url,
            limits=self._web_limits(),
            devices=self.device_codes,
            mail=self.mail_subscriptions if self.mail_enabled else None,
        )

    def _web_limits(self) -> WebLimits:
        from bot.web.web_limits import WebLimits

        settings = self.settings
        return WebLimits.chosen(settings.redis_url.get_secret_value(), settings.trusted_proxies,
                                settings.redis_prefix, self.keys.web.encode())

    @cached_property
    def device_codes(self) -> DeviceCodeService:
        """'Continue on another device' codes, hashed under a key of their own."""
        from bot.web.signing import derive_key

        return DeviceCodeService(self.unit_of_work, derive_key(self.keys.web, "device code"))

    @property
    def mail_enabled(self) -> bool:
        """E-mail notices for web participants: only when COPRO_SMTP_URL is set."""
        return bool(self.settings.smtp_url.get_secret_value())

    @cached_property
    def mail_box(self) -> AddressBox:
        """Seals and opens web participants' e-mail addresses (under the sealing key)."""
        from bot.mail.address import AddressBox

        return AddressBox(self.keys.sealing)

    @cached_property
    def mail_subscriptions(self) -> MailSubscriptions:
        from bot.services.mail_subscriptions import MailSubscriptions

        return MailSubscriptions(self.unit_of_work, self.mail_box, self.keys.web)

    def mail_drainer(self) -> MailDrainer | None:
        """The sender of e-mail notices, or None when COPRO_SMTP_URL is unset."""
        if not self.mail_enabled:
            return None
        from bot.mail.compose import MailSetup, MailWriter
        from bot.mail.drainer import MailDrainer
        from bot.mail.smtp import SmtpSender, SmtpServer

        server = SmtpServer.from_url(self.settings.smtp_url.get_secret_value())
        setup = MailSetup(self.settings.mail_from, self.settings.public_url, self.keys.web)
        return MailDrainer(self.unit_of_work, SmtpSender(server),
                           MailWriter(self.catalogue, setup), self.mail_box, self.clock)

    @cached_property
    def _taggers(self) -> dict[str | None, Any]:
        return {}

    @cached_property
    def staff(self) -> StaffServices:
        """What officer and admin chat features work with."""
        from bot.services.uploads import ConsultationUploads
        from bot.telegram.staff.officer_support import IMPORT_KIND
        from bot.telegram.staff.services import StaffServices

        uploads = ConsultationUploads(self.unit_of_work, self.settings.zone, IMPORT_KIND)
        return StaffServices(
            unit_of_work=self.unit_of_work,
            reading=self.reading,
            catalogue=self.catalogue,
            renderer=self.renderer,
            clock=self.clock,
            settings=self.settings,
            pseudonym_key=self.pseudonym_key,
            admins=self.admins,
            roles=self.roles,
            rounds=self.rounds,
            exports=self.exports,
            uploads=uploads,
            blocking=self.blocking,
        )

    @cached_property
    def chat(self) -> ChatServices:
        """What a chat bot process (either framework) works with."""
        from bot.telegram.services import ChatServices

        return ChatServices(
            conversation=self.conversation,
            staff=self.staff,
            delivery=self.delivery,
            anchors=self.anchors,
            blocking=self.blocking,
            catalogue=self.catalogue,
            metrics=self.metrics,
            pseudonym_key=self.pseudonym_key,
            ops=self,
        )

    def tagger_for(self, taxonomy: str | None) -> Any:
        """The tagger for a theme taxonomy (config/themes/<name>.yaml), built once."""
        if taxonomy not in self._taggers:
            from nlp import Tagger  # spaCy loads slowly: only processes that tag pay for it

            themes = None
            if taxonomy:
                candidate = self.settings.themes_dir / f"{taxonomy}.yaml"
                themes = candidate if candidate.exists() else None
            self._taggers[taxonomy] = Tagger(model=self.settings.nlp_model, themes=themes)
        return self._taggers[taxonomy]

    def tagging(self, worker: str) -> TaggingService:
        return TaggingService(self.unit_of_work, self.tagger_for, worker, self.clock)

    def run_retention(self, now: datetime) -> None:
        """The daily job: remove answer text and the link to people once retention ends,
        and forget processed update ids once Telegram can no longer resend them."""
        with self.unit_of_work() as uow:
            apply_retention(uow, now, self.settings.retention_days_default)
            forget_processed_updates(uow, now)
            uow.commit()

    @cached_property
    def keys(self) -> KeyRing:
        """The keys derived from COPRO_SECRET_KEY, or from the public development key when
        it is unset (servers refuse that first: `bot.cli.server_keys`)."""
        root = self.settings.secret_key.get_secret_value() or DEVELOPMENT_KEY
        return KeyRing.derive(root, self.settings.sealing_key.get_secret_value())

    @property
    def pseudonym_key(self) -> str:
        """The key of every pseudonym: exports, erasure by pseudonym, logs."""
        return self.keys.pseudonyms

    def migrate(self) -> None:
        """Bring the database schema up to date (creates a new database on first run)."""
        upgrade(self.settings.database_url)


def bootstrap(settings: Settings | None = None, migrate: bool = True) -> App:
    """The app from settings; with `migrate`, the database is brought up to date and, while
    no admin exists, those named in COPRO_ADMIN_IDS are made admins (never one revoked;
    they must still enrol before acting)."""
    app = App(settings or load_settings())
    if migrate:
        app.migrate()
        if app.settings.admin_ids:
            app.roles.ensure_admins(app.settings.admin_ids, app.clock())
    return app
