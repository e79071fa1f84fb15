"""interlingua: translate LLM API payloads between vendors, offline.

    >>> import interlingua
    >>> body = interlingua.convert_request(payload, source="openai.chat",
    ...                                    target="anthropic.messages")

Pure functions on dicts; no network code. See ``docs/architecture.md``.
"""

from typing import TYPE_CHECKING, Any

from . import sse
from .api import (
    ErrorTranslation,
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
    translate_error,
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

if TYPE_CHECKING:  # batch files load on first use: see __getattr__ below
    from .batch import convert_batch, convert_batch_results
    from .validate import Diagnostic, repair, validate  # also loaded on first use

__version__ = "0.1.0"

__all__ = [
    "ConversionError",
    "Diagnostic",
    "ErrorTranslation",
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
    "convert_batch",
    "convert_batch_results",
    "convert_error",
    "convert_request",
    "convert_response",
    "convert_stream",
    "formats",
    "read_request",
    "read_response",
    "register",
    "repair",
    "sse",
    "stream_response",
    "translate_error",
    "translate_request",
    "translate_response",
    "validate",
]


def __getattr__(name: str) -> Any:
    """Batch conversion (``interlingua.batch``) loads on first use."""
    if name in ("convert_batch", "convert_batch_results"):
        from . import batch
        return getattr(batch, name)
    if name in ("validate", "repair", "Diagnostic"):  # offline validation (docs/validation.md)
        import importlib  # not `from . import`: that would ask __getattr__ again
        validation = importlib.import_module(f"{__name__}.validate")  # a callable module
        return validation if name == "validate" else getattr(validation, name)
    raise AttributeError(f"module 'interlingua' has no attribute {name!r}")
