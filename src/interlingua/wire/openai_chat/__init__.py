"""OpenAI Chat Completions (``openai.chat``)."""

from __future__ import annotations

from .reader import ChatReader
from .writer import ChatWriter


class OpenAIChat(ChatReader, ChatWriter):
    """OpenAI Chat Completions: ``POST /v1/chat/completions``."""

    id = "openai.chat"
    title = "OpenAI Chat Completions"
    aliases = ("openai", "chat")
