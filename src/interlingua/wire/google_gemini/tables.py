"""Gemini / Vertex mapping tables: key styles, built-in tools, surface differences, media."""

from __future__ import annotations

import re
from typing import Any

from ...names import rules

#: Function names: "Must start with a letter or an underscore. Must be a-z, A-Z, 0-9, or
#: contain underscores, dots, colons and dashes" (google-genai ``FunctionDeclaration.name``).
#: The SDK says at most 128 characters, the REST reference and the validator 64: 64 is
#: accepted everywhere.
GEMINI_TOOL_NAME = rules("a-zA-Z0-9_.:\\-", 64, first="a-zA-Z_")

#: Most stop sequences generationConfig takes.
MAX_STOP = 5

#: The documented value that makes Gemini skip thought-signature validation for function
#: calls it did not produce itself. Vertex AI accepts only this one of the two documented
#: values (pydantic/pydantic-ai#3881; docs.cloud.google.com/vertex-ai/generative-ai/docs/
#: thought-signatures), the Developer API both (ai.google.dev/gemini-api/docs/
#: thought-signatures#faqs).
SIGNATURE_BYPASS = "skip_thought_signature_validator"

#: Model-id prefixes whose function declarations and response schemas only take the classic
#: OpenAPI ``Schema``: JSON Schema (``parametersJsonSchema`` / ``responseJsonSchema``) came
#: to "all supported Gemini models" in November 2025, that is 2.5 and later.
OPENAPI_ONLY_MODELS = ("gemini-1.0", "gemini-1.5", "gemini-2.0", "gemini-pro")

# -- key style ------------------------------------------------------------------------------
# The REST surface follows the proto3 JSON mapping: snake_case keys are accepted as well as
# camelCase. Readers normalise every structural object to camelCase (recording which names
# came as snake_case); a same-format writer turns those back (see ``to_snake``).

_SNAKE_KEY = re.compile(r"[a-z][a-z0-9]*(?:_[a-z0-9]+)+")
_CAMEL_CACHE: dict[str, str] = {}


def camel(key: str) -> str:
    """``thought_signature`` -> ``thoughtSignature`` (other keys unchanged)."""
    out = _CAMEL_CACHE.get(key)
    if out is None:
        if _SNAKE_KEY.fullmatch(key):
            head, *rest = key.split("_")
            out = head + "".join(p[:1].upper() + p[1:] for p in rest)
        else:
            out = key
        if len(_CAMEL_CACHE) < 4096:
            _CAMEL_CACHE[key] = out
    return out


def snake(key: str) -> str:
    return re.sub(r"(?<=[a-z0-9])([A-Z])", r"_\1", key).lower()


def norm(d: dict[str, Any], seen: set[str]) -> dict[str, Any]:
    """``d`` with camelCase keys; snake_case names found are added to ``seen``."""
    if "_" not in "".join(d):
        return d
    out: dict[str, Any] = {}
    for k, v in d.items():
        c = camel(k) if "_" in k else k
        if c != k:
            seen.add(c)
        out[c] = v
    return out


#: The structural objects a reader normalises, as a tree: node -> {key: child node}. A key
#: not listed is a leaf (its value is opaque JSON: function args, schemas, safety settings).
#: Used to give a same-format output the snake_case keys its input had.
_FLAT: dict[str, Any] = {}
_PART = {"inlineData": _FLAT, "fileData": _FLAT, "videoMetadata": _FLAT,
         "executableCode": _FLAT, "codeExecutionResult": _FLAT, "toolCall": _FLAT,
         "toolResponse": _FLAT, "functionCall": _FLAT,
         "functionResponse": {"parts": [{"inlineData": _FLAT, "fileData": _FLAT,
                                         "videoMetadata": _FLAT}]}}
_CONTENT = {"parts": [_PART]}
_TOOL = {"functionDeclarations": [_FLAT], "googleSearch": _FLAT, "codeExecution": _FLAT,
         "urlContext": _FLAT, "computerUse": _FLAT, "googleMaps": _FLAT, "fileSearch": _FLAT,
         "enterpriseWebSearch": _FLAT, "googleSearchRetrieval": {
             "dynamicRetrievalConfig": _FLAT}}
REQUEST_TREE: dict[str, Any] = {
    "contents": [_CONTENT], "systemInstruction": _CONTENT, "tools": [_TOOL],
    "toolConfig": {"functionCallingConfig": _FLAT, "retrievalConfig": {"latLng": _FLAT}},
    "generationConfig": {"thinkingConfig": _FLAT},
}


def to_snake(value: Any, tree: Any, names: frozenset[str]) -> Any:
    """A copy of ``value`` whose structural keys listed in ``names`` are snake_case."""
    if isinstance(tree, list):
        return [to_snake(v, tree[0], names) for v in value] if isinstance(value, list) \
            else value
    if not isinstance(value, dict):
        return value
    out: dict[str, Any] = {}
    for k, v in value.items():
        sub = tree.get(k)
        if sub is not None:
            v = to_snake(v, sub, names)
        out[snake(k) if k in names else k] = v
    return out


# -- built-in tools ---------------------------------------------------------------------------

#: Tool field -> canonical ``BuiltinTool.kind``.
BUILTIN_KINDS = {
    "googleSearch": "web_search",
    "googleSearchRetrieval": "web_search",
    "codeExecution": "code_execution",
    "urlContext": "url_context",
    "computerUse": "computer_use",
    "googleMaps": "google_maps",
    "fileSearch": "file_search",
    "retrieval": "retrieval",
    "enterpriseWebSearch": "enterprise_web_search",
    "mcpServers": "mcp",
    "parallelAiSearch": "parallel_ai_search",
    "exaAiSearch": "exa_ai_search",
}

#: Built-in kinds of other vendors this writer can express, with the Tool field used.
#: ``web_fetch`` (fetch the pages the conversation names) is sent as ``urlContext``
#: (approximated: Gemini reads URLs in the prompt, it does not fetch on demand).
BUILTIN_WRITE = {"web_search": "googleSearch", "code_execution": "codeExecution",
                 "url_context": "urlContext", "web_fetch": "urlContext"}

#: Portable settings (``BuiltinTool.config``) <-> googleSearch fields.
SEARCH_CONFIG = {"blocked_domains": "excludeDomains"}

# -- surfaces ---------------------------------------------------------------------------------
# Fields one surface has and the other lacks, per structural object, read from the REST
# converters of google-genai 3.4 (``_*_to_mldev`` / ``_*_to_vertex`` raise for them; see
# tests/conformance.py). A writer for one surface removes the other's (reported).

VERTEX_ONLY: dict[str, frozenset[str]] = {
    "request": frozenset({"modelArmorConfig", "outputConfig"}),
    "generationConfig": frozenset({"routingConfig", "audioTimestamp", "modelConfig"}),
    "functionCall": frozenset({"partialArgs", "willContinue"}),
    "functionCallingConfig": frozenset({"streamFunctionCallArguments"}),
    "tool": frozenset({"retrieval", "enterpriseWebSearch", "parallelAiSearch",
                       "exaAiSearch"}),
    "googleSearch": frozenset({"blockingConfidence", "excludeDomains"}),
    "googleMaps": frozenset({"groundingTypes", "authConfig"}),
    "safetySetting": frozenset({"method"}),
    "imageConfig": frozenset({"personGeneration", "prominentPeople", "imageOutputOptions"}),
}
GEMINI_ONLY: dict[str, frozenset[str]] = {
    "request": frozenset({"store"}),
    "generationConfig": frozenset({"enableEnhancedCivicAnswers"}),
    "part": frozenset({"toolCall", "toolResponse", "partMetadata"}),
    "functionResponse": frozenset({"willContinue"}),
    "functionResponsePart": frozenset({"mediaProcessing"}),
    "toolConfig": frozenset({"includeServerSideToolInvocations"}),
    "tool": frozenset({"fileSearch"}),
    "mcpServer": frozenset({"name", "streamableHttpTransport"}),
}

# -- media ------------------------------------------------------------------------------------

IMAGE_EXTENSIONS = {"png": "image/png", "jpg": "image/jpeg", "jpeg": "image/jpeg",
                    "gif": "image/gif", "webp": "image/webp", "heic": "image/heic",
                    "heif": "image/heif"}
FILE_EXTENSIONS = {"pdf": "application/pdf", "txt": "text/plain", "md": "text/markdown",
                   "html": "text/html", "csv": "text/csv", "json": "application/json",
                   "mp4": "video/mp4", "mov": "video/quicktime", "webm": "video/webm",
                   "mp3": "audio/mpeg", "wav": "audio/wav", "flac": "audio/flac",
                   "ogg": "audio/ogg", "aac": "audio/aac", **IMAGE_EXTENSIONS}
#: Leading base64 characters of common formats (the bytes decide, not a guess).
MAGIC = (("iVBORw0KGgo", "image/png"), ("/9j/", "image/jpeg"), ("R0lGOD", "image/gif"),
         ("UklGR", "image/webp"), ("JVBERi0", "application/pdf"))


def media_type_of(uri: str | None = None, data: str | None = None,
                  filename: str | None = None) -> str | None:
    """The media type a file's leading bytes or its name's extension show, if any."""
    if data is not None:
        for prefix, media in MAGIC:
            if data.startswith(prefix):
                return media
    for name in (filename, uri):
        if name:
            tail = name.split("?", 1)[0].rsplit("/", 1)[-1]
            if "." in tail:
                found = FILE_EXTENSIONS.get(tail.rsplit(".", 1)[-1].lower())
                if found is not None:
                    return found
    return None


def is_file_reference(uri: str) -> bool:
    """Whether a ``fileData.fileUri`` names a vendor-stored file (Gemini Files API, Cloud
    Storage) rather than a public URL."""
    return uri.startswith(("https://generativelanguage.googleapis.com/", "gs://", "files/"))


# -- responses --------------------------------------------------------------------------------

_CITATIONS = {"citationSources": [_FLAT], "citations": [_FLAT]}
_LOGPROBS = {"chosenCandidates": [_FLAT], "topCandidates": [{"candidates": [_FLAT]}]}
_CANDIDATE = {"content": _CONTENT, "citationMetadata": _CITATIONS, "logprobsResult": _LOGPROBS}
#: The structural objects of a response (or stream chunk) the reader normalises.
RESPONSE_TREE: dict[str, Any] = {"candidates": [_CANDIDATE], "usageMetadata": _FLAT,
                                 "promptFeedback": _FLAT}

#: promptFeedback.blockReason (a prompt blocked before any candidate) -> canonical finish.
BLOCK_FINISH = {"SAFETY": "safety", "IMAGE_SAFETY": "safety", "BLOCKLIST": "blocklist",
                "PROHIBITED_CONTENT": "prohibited_content"}

#: Ids given to function calls Gemini returned without one (other formats pair calls and
#: results by id). A Gemini writer recognises them and leaves them out again.
SYNTHETIC_CALL_ID = "call_gemini_"

#: Response fields one surface returns and the other's SDK drops (google-genai 3.4
#: ``_GenerateContentResponse_from_mldev`` / ``_from_vertex``): removed, reported, when a
#: response crosses surfaces. ``createTime`` (Vertex) is the response's ``created``.
GEMINI_ONLY_RESPONSE = frozenset({"modelStatus"})
