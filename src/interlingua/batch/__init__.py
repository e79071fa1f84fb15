"""Batch files: convert batch inputs and results between vendors, streaming, at any size.

    >>> from interlingua.batch import convert_batch, write_batch
    >>> with open("openai.jsonl", "rb") as fh:
    ...     conv = convert_batch(fh, "openai.batch", "anthropic.batch",
    ...                          model="claude-sonnet-4-5")
    ...     manifest = write_batch(conv, "anthropic.jsonl")
    >>> conv.report.losses        # per custom_id

Batch formats: ``openai.batch``, ``anthropic.batch``, ``google.batch``, ``vertex.batch``
(see ``docs/batch.md``). Each request body is converted with the request converter of its
format, each result with the response converter, so a batch format works as soon as the
formats of its bodies are registered.
"""

from .convert import (
    BatchConversion,
    BatchLine,
    BatchLineError,
    OnError,
    convert_batch,
    convert_batch_results,
)
from .formats import ID_LABEL, BatchFormat, batch_formats, get_batch_format
from .jsonstream import Blocks, read_blocks
from .limits import LIMITS, UNLIMITED, BatchLimits, vendor_limits
from .report import BadLine, BatchReport, Duplicate
from .sink import BatchWriter, build_manifest, convert_batch_file, write_batch, write_manifest

__all__ = [
    "ID_LABEL",
    "LIMITS",
    "UNLIMITED",
    "BadLine",
    "BatchConversion",
    "BatchFormat",
    "BatchLimits",
    "BatchLine",
    "BatchLineError",
    "BatchReport",
    "BatchWriter",
    "Blocks",
    "Duplicate",
    "OnError",
    "batch_formats",
    "build_manifest",
    "convert_batch",
    "convert_batch_file",
    "convert_batch_results",
    "get_batch_format",
    "read_blocks",
    "vendor_limits",
    "write_batch",
    "write_manifest",
]
