"""OpenAI Responses (``openai.responses``), also the request side of Open Responses."""

from __future__ import annotations

from typing import Any

from ...context import Context
from .response import ResponsesResponses
from .stream import ResponsesStreamReader, ResponsesStreamWriter
from .writer import ResponsesWriter


class OpenAIResponses(ResponsesResponses, ResponsesWriter):
    """OpenAI Responses: ``POST /v1/responses`` (and Open Responses servers)."""

    id = "openai.responses"
    title = "OpenAI Responses"
    aliases = ("responses",)

    def stream_reader(self, ctx: Context) -> ResponsesStreamReader:
        return ResponsesStreamReader(ctx, self)

    def stream_writer(self, ctx: Context) -> ResponsesStreamWriter:
        return ResponsesStreamWriter(ctx, self)

    def sse_event_name(self, event: Any) -> str | None:
        """Every Responses event is named after its ``type``."""
        name = event.get("type") if isinstance(event, dict) else None
        return name if isinstance(name, str) else None
