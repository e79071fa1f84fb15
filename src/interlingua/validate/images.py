"""Image facts from the bytes alone: format and pixel size from PNG, JPEG, GIF and WebP
headers, and the decoded size of base64 data, without an imaging library and without decoding
more of the data than the header needs."""

from __future__ import annotations

import base64
import binascii
import struct
from typing import NamedTuple


class ImageInfo(NamedTuple):
    media_type: str
    width: int
    height: int


def b64_size(data: str) -> int:
    """The number of bytes ``data`` (base64, possibly with whitespace) decodes to."""
    n = len(data)
    if n == 0:
        return 0
    if "\n" in data or " " in data or "\r" in data:
        data = "".join(data.split())
        n = len(data)
    pad = 2 if data.endswith("==") else 1 if data.endswith("=") else 0
    return n * 3 // 4 - pad


def b64_prefix(data: str, n_bytes: int) -> bytes:
    """The first ``n_bytes`` (about) of base64 ``data``, decoded."""
    chars = ((n_bytes + 2) // 3) * 4
    head = data[:chars + 64]
    if "\n" in head or " " in head or "\r" in head:
        head = "".join(head.split())
    head = head[:chars]
    head = head[: len(head) - len(head) % 4]
    try:
        return base64.b64decode(head, validate=False)
    except (binascii.Error, ValueError):
        return b""


def sniff(head: bytes) -> ImageInfo | None:
    """Format and size from the first bytes of an image (None if not recognised)."""
    if head.startswith(b"\x89PNG\r\n\x1a\n") and len(head) >= 24:
        width, height = struct.unpack(">II", head[16:24])
        return ImageInfo("image/png", width, height)
    if head[:6] in (b"GIF87a", b"GIF89a") and len(head) >= 10:
        width, height = struct.unpack("<HH", head[6:10])
        return ImageInfo("image/gif", width, height)
    if head.startswith(b"RIFF") and head[8:12] == b"WEBP" and len(head) >= 30:
        return _webp(head)
    if head.startswith(b"\xff\xd8"):
        return _jpeg(head)
    return None


def _webp(head: bytes) -> ImageInfo | None:
    chunk = head[12:16]
    if chunk == b"VP8X":
        width = 1 + int.from_bytes(head[24:27], "little")
        height = 1 + int.from_bytes(head[27:30], "little")
        return ImageInfo("image/webp", width, height)
    if chunk == b"VP8 " and head[23:26] == b"\x9d\x01\x2a":
        width, height = struct.unpack("<HH", head[26:30])
        return ImageInfo("image/webp", width & 0x3FFF, height & 0x3FFF)
    if chunk == b"VP8L" and len(head) >= 25 and head[20] == 0x2F:
        bits = int.from_bytes(head[21:25], "little")
        return ImageInfo("image/webp", (bits & 0x3FFF) + 1, ((bits >> 14) & 0x3FFF) + 1)
    return None


_SOF = frozenset({0xC0, 0xC1, 0xC2, 0xC3, 0xC5, 0xC6, 0xC7, 0xC9, 0xCA, 0xCB, 0xCD, 0xCE,
                  0xCF})


def _jpeg(data: bytes) -> ImageInfo | None:
    i = 2
    n = len(data)
    while i + 4 <= n:
        if data[i] != 0xFF:
            return None
        marker = data[i + 1]
        if marker == 0xFF:          # fill byte
            i += 1
            continue
        if marker in (0xD8, 0x01) or 0xD0 <= marker <= 0xD7:
            i += 2
            continue
        length = int.from_bytes(data[i + 2:i + 4], "big")
        if marker in _SOF:
            if i + 9 > n:
                return None
            height, width = struct.unpack(">HH", data[i + 5:i + 9])
            return ImageInfo("image/jpeg", width, height)
        i += 2 + length
    return None


def inspect_b64(data: str) -> ImageInfo | None:
    """Format and size of a base64 image; JPEG headers are followed as far as the first
    frame header (EXIF blocks can push it tens of kilobytes in)."""
    head = b64_prefix(data, 64)
    info = sniff(head)
    if info is not None or not head.startswith(b"\xff\xd8"):
        return info
    for size in (4096, 65536, 1 << 20):
        info = _jpeg(b64_prefix(data, size))
        if info is not None or size * 4 // 3 >= len(data):
            return info
    return None


def parse_data_uri(uri: str) -> tuple[str, str] | None:
    """``(media_type, base64 data)`` of a ``data:<type>;base64,<data>`` URI, else None."""
    if not uri.startswith("data:"):
        return None
    head, sep, data = uri.partition(",")
    if not sep or not head.endswith(";base64"):
        return None
    return head[5:-7].split(";", 1)[0], data
