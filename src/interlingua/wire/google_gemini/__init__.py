"""Gemini ``generateContent`` (the Developer API, ``google.gemini``, and Vertex AI,
``google.vertex``): requests, responses, ``streamGenerateContent?alt=sse`` streams and
``google.rpc.Status`` errors. The same body on both surfaces, with a few fields only one of
them has."""

from __future__ import annotations

from typing import ClassVar

from ...context import Context
from .response import GeminiResponses
from .stream import GeminiStreamReader, GeminiStreamWriter
from .tables import GEMINI_ONLY, GEMINI_ONLY_RESPONSE


class GoogleGemini(GeminiResponses):
    """Gemini Developer API: ``POST /v1beta/models/{model}:generateContent`` (and
    ``:streamGenerateContent?alt=sse``)."""

    id = "google.gemini"
    title = "Gemini API generateContent"
    aliases = ("gemini",)
    #: Vertex bodies are the same format: their vendor-only fields and opaque parts are
    #: re-emitted (minus what only Vertex accepts); their thought signatures are not.
    extras_from = frozenset({"google.vertex"})
    #: Gemini ends every SSE event with CRLF CRLF.
    SSE_NEWLINE: ClassVar[bytes] = b"\r\n"

    def stream_reader(self, ctx: Context) -> GeminiStreamReader:
        return GeminiStreamReader(ctx, self)

    def stream_writer(self, ctx: Context) -> GeminiStreamWriter:
        return GeminiStreamWriter(ctx, self)


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
    # -- responses: what _GenerateContentResponse_from_vertex (google-genai 3.4) reads --
    CITATIONS_KEY: ClassVar = "citations"
    INDEX_ZERO: ClassVar = False
    CREATE_TIME: ClassVar = True
    ROLE_FIRST: ClassVar = True
    FOREIGN_RESPONSE: ClassVar = GEMINI_ONLY_RESPONSE
