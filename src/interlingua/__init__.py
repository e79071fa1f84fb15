"""interlingua: translate LLM API payloads between vendors, offline.

    >>> import interlingua
    >>> body = interlingua.convert_request(payload, source="openai.chat",
    ...                                    target="anthropic.messages")

Pure functions on dicts; no network code. See ``docs/architecture.md``.
"""

from .api import (
    Translation,
    canonical_format,
    convert_request,
    read_request,
    translate_request,
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
    "Translation",
    "UnknownFormatError",
    "aliases",
    "canonical_format",
    "convert_request",
    "formats",
    "read_request",
    "register",
    "translate_request",
]
