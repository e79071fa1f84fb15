"""OpenAI legacy Completions (``openai.completions``)."""

from __future__ import annotations

from ...context import Context
from .response import CompletionsResponses
from .stream import CompletionsStreamReader, CompletionsStreamWriter
from .writer import CompletionsWriter


class OpenAICompletions(CompletionsResponses, CompletionsWriter):
    """OpenAI legacy Completions: ``POST /v1/completions``."""

    id = "openai.completions"
    title = "OpenAI Completions (legacy)"
    aliases = ("completions",)
    SSE_DONE = True

    def stream_reader(self, ctx: Context) -> CompletionsStreamReader:
        return CompletionsStreamReader(ctx, self.id)

    def stream_writer(self, ctx: Context) -> CompletionsStreamWriter:
        return CompletionsStreamWriter(ctx, self.id)
