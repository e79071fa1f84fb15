"""What each vendor accepts in one batch: requests per file and bytes per file, with sources.

The writer checks these as it goes and rolls over to a new file before one would be crossed
(``BatchWriter``). Figures as read in the vendors' documentation (see ``docs/batch.md``);
pass your own ``BatchLimits`` when a vendor raises them for your account.
"""

from __future__ import annotations

import msgspec

MB = 1024 * 1024
GB = 1024 * MB


class BatchLimits(msgspec.Struct, frozen=True, kw_only=True):
    """The most one output file may hold.

    Attributes:
        max_requests: requests (lines, or items of a create body) per file; None: no limit.
        max_bytes: bytes per file, newlines and any create-body envelope included; None: no
            limit.
        source: where the figures come from.
    """

    max_requests: int | None = None
    max_bytes: int | None = None
    source: str = ""

    def to_dict(self) -> dict[str, object]:
        return {"max_requests": self.max_requests, "max_bytes": self.max_bytes,
                "source": self.source}


#: No limit at all (results files, or when you split yourself).
UNLIMITED = BatchLimits(source="no limit")

#: (batch format, layout) -> the vendor's limits for one input file.
LIMITS: dict[tuple[str, str], BatchLimits] = {
    # The figures and the OpenAI batch guide: 50,000 requests and 100 MB per input
    # file. The current API reference (openai-python ``BatchCreateParams.input_file_id``)
    # allows up to 200 MB; 100 MB stays the default because it is what every account gets.
    ("openai.batch", "jsonl"): BatchLimits(
        max_requests=50_000, max_bytes=100 * MB,
        source="OpenAI Batch guide: 50,000 requests, 100 MB per input file "
               "(the API reference now says 200 MB)"),
    # Anthropic Message Batches: "256 MB or 100,000 Message requests, whichever comes first"
    # (API overview, request size limits). The limit is on the create body; the JSONL form
    # is held to the same figures so it can always be sent as one create call.
    ("anthropic.batch", "jsonl"): BatchLimits(
        max_requests=100_000, max_bytes=256 * MB,
        source="Anthropic Message Batches: 100,000 requests or 256 MB per batch"),
    ("anthropic.batch", "create"): BatchLimits(
        max_requests=100_000, max_bytes=256 * MB,
        source="Anthropic Message Batches: 100,000 requests or 256 MB per batch"),
    # Gemini API Batch Mode (ai.google.dev/gemini-api/docs/batch-api): "The maximum allowed
    # file size for an input file is 2GB"; no per-file request count is documented (the
    # rate-limits page caps enqueued tokens per model instead). Inline requests: "total
    # request size under 20MB".
    ("google.batch", "jsonl"): BatchLimits(
        max_bytes=2 * GB,
        source="Gemini API Batch Mode: input file up to 2 GB"),
    ("google.batch", "create"): BatchLimits(
        max_bytes=20 * MB,
        source="Gemini API Batch Mode: inline requests under 20 MB in total"),
    # Vertex AI batch inference for Gemini (batch-prediction-gemini, "Quotas and limits"):
    # up to 200,000 requests per job, and a 1 GB input file from Cloud Storage.
    ("vertex.batch", "jsonl"): BatchLimits(
        max_requests=200_000, max_bytes=1 * GB,
        source="Vertex AI batch inference: 200,000 requests, 1 GB per Cloud Storage file"),
}


def vendor_limits(batch_format: str, layout: str = "jsonl") -> BatchLimits:
    """The vendor's limits for one input file of ``batch_format`` in ``layout``."""
    return LIMITS.get((batch_format, layout), UNLIMITED)
