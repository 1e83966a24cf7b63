"""What a chat bot process works with, built once by `bot.bootstrap` (`App.chat`)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from bot.conversation.anchors import AnchorBook
from bot.conversation.services import Blocking, ConversationServices
from bot.i18n.catalogue import Catalogue
from bot.services.delivery import DeliveryService
from bot.telegram.staff.services import StaffServices

if TYPE_CHECKING:
    from bot.observability.metrics import Metrics


@dataclass(frozen=True)
class ChatServices:
    conversation: ConversationServices
    staff: StaffServices
    delivery: DeliveryService
    anchors: AnchorBook
    blocking: Blocking
    catalogue: Catalogue
    metrics: Metrics
    pseudonym_key: str
    """Keys the pseudonym every log line of an update carries (never the user id)."""
    ops: Any
    """What /healthz and /metrics read: the database, the settings, the metrics."""

    def __repr__(self) -> str:
        return "ChatServices(<key hidden>)"
