"""interlingua: translate LLM API payloads between vendors, offline.

    >>> import interlingua
    >>> body = interlingua.convert_request(payload, source="openai.chat",
    ...                                    target="anthropic.messages")

Pure functions on dicts; no network code. See ``docs/architecture.md``.
"""

from . import sse
from .api import (
    ResponseTranslation,
    Translation,
    aggregate_stream,
    canonical_format,
    convert_error,
    convert_request,
    convert_response,
    convert_stream,
    read_request,
    read_response,
    stream_response,
    translate_request,
    translate_response,
)
from .context import Options, Renames
from .errors import (
    ConversionError,
    InterlinguaError,
    InvalidPayloadError,
    LossError,
    UnknownFormatError,
)
from .loss import Loss, LossWarning
from .registry import aliases, formats, register
from .streaming import StreamConverter

__version__ = "0.1.0"

__all__ = [
    "ConversionError",
    "InterlinguaError",
    "InvalidPayloadError",
    "Loss",
    "LossError",
    "LossWarning",
    "Options",
    "Renames",
    "ResponseTranslation",
    "StreamConverter",
    "Translation",
    "UnknownFormatError",
    "aggregate_stream",
    "aliases",
    "canonical_format",
    "convert_error",
    "convert_request",
    "convert_response",
    "convert_stream",
    "formats",
    "read_request",
    "read_response",
    "register",
    "sse",
    "stream_response",
    "translate_request",
    "translate_response",
]
