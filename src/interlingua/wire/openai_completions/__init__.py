"""OpenAI legacy Completions (``openai.completions``)."""

from __future__ import annotations

from .reader import CompletionsReader
from .writer import CompletionsWriter


class OpenAICompletions(CompletionsReader, CompletionsWriter):
    """OpenAI legacy Completions: ``POST /v1/completions``."""

    id = "openai.completions"
    title = "OpenAI Completions (legacy)"
    aliases = ("completions",)
