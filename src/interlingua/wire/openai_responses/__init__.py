"""OpenAI Responses (``openai.responses``), also the request side of Open Responses."""

from __future__ import annotations

from .reader import ResponsesReader
from .writer import ResponsesWriter


class OpenAIResponses(ResponsesReader, ResponsesWriter):
    """OpenAI Responses: ``POST /v1/responses`` (and Open Responses servers)."""

    id = "openai.responses"
    title = "OpenAI Responses"
    aliases = ("responses",)
