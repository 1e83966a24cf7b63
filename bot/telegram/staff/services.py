"""What officer and admin chat features work with, built once by `bot.bootstrap`."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING

from bot.conversation.services import Blocking
from bot.i18n.catalogue import Catalogue
from bot.rendering import Renderer
from bot.services.admin import AdminService
from bot.services.ports import UnitOfWorkFactory
from bot.services.roles import RoleService
from bot.services.uploads import ConsultationUploads
from config.settings import Settings

if TYPE_CHECKING:
    from bot.exports import ExportService
    from bot.scheduling import RoundLifecycle


@dataclass(frozen=True)
class StaffServices:
    unit_of_work: UnitOfWorkFactory
    reading: UnitOfWorkFactory
    catalogue: Catalogue
    renderer: Renderer
    clock: Callable[[], datetime]
    settings: Settings
    pseudonym_key: str
    """The pseudonym key (admins name participants by pseudonym)."""
    admins: AdminService
    roles: RoleService
    rounds: RoundLifecycle
    exports: ExportService
    uploads: ConsultationUploads
    """Consultation files officers send, imported when they confirm."""
    blocking: Blocking

    def __repr__(self) -> str:
        return "StaffServices(<key hidden>)"
