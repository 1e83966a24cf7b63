"""Turning engine events into views (text and buttons) that any front end can show."""

from bot.rendering.render import Renderer
from bot.rendering.view import Button, View, ViewKind

__all__ = ["Button", "Renderer", "View", "ViewKind"]
