"""Anthropic Messages (``anthropic.messages``)."""

from __future__ import annotations

from .reader import MessagesReader
from .writer import MessagesWriter


class AnthropicMessages(MessagesReader, MessagesWriter):
    """Anthropic Messages: ``POST /v1/messages``."""

    id = "anthropic.messages"
    title = "Anthropic Messages"
    aliases = ("anthropic", "claude")
