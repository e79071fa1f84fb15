"""Gemini ``generateContent`` requests: the Developer API (``google.gemini``) and Vertex AI
(``google.vertex``), the same body with a few fields only one surface accepts."""

from __future__ import annotations

from typing import ClassVar

from .reader import GeminiReader
from .tables import GEMINI_ONLY
from .writer import GeminiWriter


class GoogleGemini(GeminiReader, GeminiWriter):
    """Gemini Developer API: ``POST /v1beta/models/{model}:generateContent``."""

    id = "google.gemini"
    title = "Gemini API generateContent"
    aliases = ("gemini",)
    #: Vertex bodies are the same format: their vendor-only fields and opaque parts are
    #: re-emitted (minus what only Vertex accepts); their thought signatures are not.
    extras_from = frozenset({"google.vertex"})


class GoogleVertex(GoogleGemini):
    """Vertex AI: ``POST /v1/projects/{p}/locations/{l}/publishers/google/models/{model}:
    generateContent``. Only Vertex's differences are stated here."""

    id = "google.vertex"
    title = "Vertex AI generateContent"
    aliases = ("vertex",)
    extras_from = frozenset({"google.gemini"})
    FOREIGN_FIELDS: ClassVar = GEMINI_ONLY
    OTHER_SURFACE: ClassVar = "the Gemini Developer API"
    #: Vertex AI has no ``store`` (request logging) setting.
    STORE: ClassVar = False
    #: Tool combination needs toolConfig.includeServerSideToolInvocations, which Vertex
    #: lacks: built-ins beside functions are removed.
    TOOL_COMBINATION: ClassVar = False
    #: Vertex's Schema has additionalProperties.
    SCHEMA_ADDITIONAL_PROPERTIES: ClassVar = True
