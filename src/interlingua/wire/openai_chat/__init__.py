"""OpenAI Chat Completions (``openai.chat``)."""

from __future__ import annotations

from ...context import Context
from .response import ChatResponses
from .stream import ChatStreamReader, ChatStreamWriter
from .writer import ChatWriter


class OpenAIChat(ChatResponses, ChatWriter):
    """OpenAI Chat Completions: ``POST /v1/chat/completions``."""

    id = "openai.chat"
    title = "OpenAI Chat Completions"
    aliases = ("openai", "chat")
    SSE_DONE = True
    #: The delta field a same-format stream uses for reasoning (None: OpenAI has none).
    STREAM_REASONING_FIELD: str | None = None

    def stream_reader(self, ctx: Context) -> ChatStreamReader:
        return ChatStreamReader(ctx, self.id,
                                excludes_reasoning=self.COMPLETION_EXCLUDES_REASONING)

    def stream_writer(self, ctx: Context) -> ChatStreamWriter:
        return ChatStreamWriter(ctx, self.id,
                                excludes_reasoning=self.COMPLETION_EXCLUDES_REASONING,
                                reasoning_field=self.STREAM_REASONING_FIELD)
