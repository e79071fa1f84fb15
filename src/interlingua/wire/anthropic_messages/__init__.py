"""Anthropic Messages (``anthropic.messages``)."""

from __future__ import annotations

from typing import Any

from ...context import Context
from .response import MessagesResponses
from .stream import MessagesStreamReader, MessagesStreamWriter
from .writer import MessagesWriter


class AnthropicMessages(MessagesResponses, MessagesWriter):
    """Anthropic Messages: ``POST /v1/messages``."""

    id = "anthropic.messages"
    title = "Anthropic Messages"
    aliases = ("anthropic", "claude")

    def stream_reader(self, ctx: Context) -> MessagesStreamReader:
        return MessagesStreamReader(ctx, self.id, self.read_block)

    def stream_writer(self, ctx: Context) -> MessagesStreamWriter:
        return MessagesStreamWriter(ctx, self.id, self.carries)

    def sse_event_name(self, event: Any) -> str | None:
        name = event.get("type") if isinstance(event, dict) else None
        return name if isinstance(name, str) else None
