"""Layer 4: sizes and counts. Request bytes, images (bytes, pixels, count, declared type),
data URIs, string lengths, a token estimate against the context window, batch files."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any, NamedTuple

import msgspec

from ._core import Ctx, Diagnostic, Target
from .images import b64_size, inspect_b64

MB = 1024 * 1024
#: Request body limits by format id: (bytes, severity).
REQUEST_LIMITS: dict[str, tuple[int, str]] = {
    "anthropic.messages": (32 * MB, "error"),
    "google.gemini": (20 * MB, "error"),
    "openai.chat": (25 * MB, "warning"),
    "openai.responses": (25 * MB, "warning"),
    "openai.completions": (25 * MB, "warning"),
}
ANTHROPIC_IMAGE_BYTES = 5 * MB
ANTHROPIC_IMAGE_PX = 8000
ANTHROPIC_MANY_IMAGES = 20
ANTHROPIC_MANY_IMAGES_PX = 2000
ANTHROPIC_MAX_IMAGES = 100
DATA_URI_BYTES = 10 * MB
JACKSON_MAX_STRING = 20_000_000
#: Tokens counted per image in the estimate (Anthropic: about (w*h)/750, 1,600 for a
#: 1.15 MP image; OpenAI high detail about 765 for 1024x1024).
TOKENS_PER_IMAGE = 1600

_ENCODER = msgspec.json.Encoder()


class Image(NamedTuple):
    """An image a family checker found: where, its base64 data (None for URLs and file
    ids), the declared media type, and whether it came as a data URI."""

    path: str
    data: str | None
    media_type: str | None
    data_uri: bool = False


def check(ctx: Ctx, images: list[Image]) -> None:
    """Run the size checks of ``ctx.target`` on the payload and the images found in it."""
    try:
        size = len(_ENCODER.encode(ctx.payload))
    except (TypeError, OverflowError):
        return
    target = ctx.target
    limit = REQUEST_LIMITS.get(target.id)
    if limit is not None and size > limit[0]:
        vendor = {"google.gemini": f"Request payload size exceeds the limit: {limit[0]} bytes.",
                  "anthropic.messages": None}
        ctx.report("limits.request-size", "$",
                   f"the request is {size:,} bytes; {target.id} accepts at most "
                   f"{limit[0]:,}" + (" (about)" if limit[1] == "warning" else ""),
                   severity=limit[1],  # type: ignore[arg-type]
                   vendor_error=vendor.get(target.id, ""))
    if size > JACKSON_MAX_STRING:
        for path, length in long_strings(ctx.payload, JACKSON_MAX_STRING):
            ctx.report("limits.string-length", path,
                       f"a string of {length:,} characters: Java-based gateways (Jackson "
                       f"StreamReadConstraints) refuse strings over {JACKSON_MAX_STRING:,}",
                       length=length)
    b64_chars = _images(ctx, images)
    _context(ctx, size - b64_chars, len(images))


def _images(ctx: Ctx, images: list[Image]) -> int:
    """Image checks; returns the base64 characters the images take (for the estimate)."""
    anthropic = ctx.target.family == "anthropic.messages"
    qwen = ctx.model is not None and ctx.model.vendor == "qwen"
    b64_chars = 0
    many = len(images) > ANTHROPIC_MANY_IMAGES
    if anthropic and len(images) > ANTHROPIC_MAX_IMAGES:
        ctx.report("limits.image-count", images[ANTHROPIC_MAX_IMAGES].path,
                   f"{len(images)} images; Anthropic takes at most {ANTHROPIC_MAX_IMAGES} per "
                   "request")
    for img in images:
        if img.data is None:
            continue
        b64_chars += len(img.data)
        nbytes = b64_size(img.data)
        if img.data_uri and nbytes > DATA_URI_BYTES and ctx.target.family == "openai.chat":
            ctx.report("limits.data-uri", img.path,
                       f"a data URI of {nbytes:,} bytes; Aliyun-style hosts (DashScope, "
                       f"Bailian) take at most {DATA_URI_BYTES:,}",
                       severity="error" if qwen else None)
        if not anthropic:
            continue
        if nbytes > ANTHROPIC_IMAGE_BYTES:
            ctx.report("limits.image-bytes", img.path,
                       f"the image is {nbytes:,} bytes; Anthropic takes at most "
                       f"{ANTHROPIC_IMAGE_BYTES:,} (5 MB)", size=nbytes)
        info = inspect_b64(img.data)
        if info is None:
            continue
        if img.media_type and info.media_type != img.media_type:
            ctx.report("limits.image-media-type", img.path,
                       f"the bytes are {info.media_type} but media_type says "
                       f"{img.media_type}",
                       vendor_error=f"Image does not match the provided media type "
                                    f"{img.media_type}")
        biggest = max(info.width, info.height)
        if biggest > ANTHROPIC_IMAGE_PX:
            ctx.report("limits.image-dimensions", img.path,
                       f"the image is {info.width}x{info.height} px; Anthropic takes at most "
                       f"{ANTHROPIC_IMAGE_PX} px a side")
        elif many and biggest > ANTHROPIC_MANY_IMAGES_PX:
            ctx.report("limits.image-dimensions-many", img.path,
                       f"the image is {info.width}x{info.height} px; with {len(images)} images "
                       f"(more than {ANTHROPIC_MANY_IMAGES}) Anthropic takes at most "
                       f"{ANTHROPIC_MANY_IMAGES_PX} px a side")
    return b64_chars


_CONTEXT_TEXT = {
    "anthropic.messages": "prompt is too long: {tokens} tokens > {limit} maximum",
    "google.gemini": "The input token count ({tokens}) exceeds the maximum number of tokens "
                     "allowed ({limit}).",
}


def _context(ctx: Ctx, text_bytes: int, n_images: int) -> None:
    model = ctx.model
    if model is None or not model.context_window:
        return
    estimate = max(text_bytes, 0) // 4 + n_images * TOKENS_PER_IMAGE
    if estimate <= model.context_window:
        return
    template = _CONTEXT_TEXT.get(
        ctx.target.family,
        "This model's maximum context length is {limit} tokens. However, your messages "
        "resulted in {tokens} tokens.")
    ctx.report("limits.context-window", "$",
               f"ESTIMATED ~{estimate:,} input tokens (JSON bytes / 4 and {TOKENS_PER_IMAGE} "
               f"per image, no tokenizer) exceeds the {model.context_window:,}-token context "
               f"window of {model.id}",
               vendor_error=template.format(tokens=estimate, limit=model.context_window))


def long_strings(value: Any, limit: int, path: str = "$") -> Iterator[tuple[str, int]]:
    """``(path, length)`` of every string longer than ``limit`` in ``value``."""
    from ._core import key_path

    if isinstance(value, str):
        if len(value) > limit:
            yield path, len(value)
    elif isinstance(value, dict):
        for k, v in value.items():
            yield from long_strings(v, limit, key_path(path, str(k)))
    elif isinstance(value, list):
        for i, v in enumerate(value):
            yield from long_strings(v, limit, f"{path}[{i}]")


#: Batch limits by vendor family: (requests, bytes).
BATCH_LIMITS: dict[str, tuple[int, int]] = {
    "anthropic.messages": (100_000, 256 * MB),
    "openai.chat": (50_000, 100 * MB),
    "openai.responses": (50_000, 100 * MB),
    "openai.completions": (50_000, 100 * MB),
}
#: Aliyun (DashScope / Bailian) batch files: 500 MB.
ALIYUN_BATCH_BYTES = 500 * MB


def check_batch(target: Target, n_requests: int, n_bytes: int, *,
                aliyun: bool = False) -> list[Diagnostic]:
    """Diagnostics for a batch of ``n_requests`` requests in a file of ``n_bytes``."""
    from .rules import RULES

    rule = RULES["limits.batch"]
    out: list[Diagnostic] = []
    limits = BATCH_LIMITS.get(target.family)
    max_bytes = ALIYUN_BATCH_BYTES if aliyun else (limits[1] if limits else None)
    if limits is not None and n_requests > limits[0]:
        out.append(Diagnostic(path="$", severity="error", rule=rule.id, layer="limits",
                              message=f"{n_requests:,} requests; {target.family} batches take "
                                      f"at most {limits[0]:,}", source=rule.source))
    if max_bytes is not None and n_bytes > max_bytes:
        out.append(Diagnostic(path="$", severity="error", rule=rule.id, layer="limits",
                              message=f"the batch file is {n_bytes:,} bytes; the limit is "
                                      f"{max_bytes:,}", source=rule.source))
    return out


def count_lines(lines: Iterable[bytes | str]) -> tuple[int, int]:
    n = size = 0
    for line in lines:
        if line.strip():
            n += 1
        size += len(line.encode() if isinstance(line, str) else line)
    return n, size
