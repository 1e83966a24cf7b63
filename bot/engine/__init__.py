"""The pure consultation engine: what to ask next and how to read an answer.

It never touches Telegram, a database, the clock or spaCy: callers pass `now` in and get
back a new session and events to act on.
"""

from bot.engine.flow import current_step, resume, start
from bot.engine.navigation import availability
from bot.engine.profile import Profile
from bot.engine.session import Session, Stage
from bot.engine.step import Availability, Step

__all__ = [
    "Availability",
    "Profile",
    "Session",
    "Stage",
    "Step",
    "availability",
    "current_step",
    "resume",
    "start",
]
