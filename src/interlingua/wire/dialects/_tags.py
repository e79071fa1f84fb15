"""Reasoning carried inside content between tags (MiniMax ``<think>``, Gemini ``<thought>``).

``TagSplitter`` splits a text stream into reasoning and text pieces, with tags cut anywhere
across chunks; ``split`` does it for a whole string. Newlines around the tags are presentation
(``<think>\\n...\\n</think>\\n\\n``), not content: both drop them, so a streamed answer and the
same answer read whole give the same text.
"""

from __future__ import annotations


class TagSplitter:
    """Incremental splitter of ``<open>reasoning</close>text`` streams."""

    __slots__ = ("buf", "close", "fresh", "inside", "open")

    def __init__(self, open_tag: str, close_tag: str) -> None:
        self.open = open_tag
        self.close = close_tag
        self.inside = False
        self.buf = ""
        self.fresh = False   # just after a tag: its leading newlines are dropped

    def _emit(self, out: list[tuple[str, str]], piece: str) -> None:
        if self.fresh:
            piece = piece.lstrip("\n")
            if not piece:
                return
            self.fresh = False
        out.append(("reasoning" if self.inside else "text", piece))

    def feed(self, text: str) -> list[tuple[str, str]]:
        """(kind, piece) pairs, kind "reasoning" or "text", for the text that is settled."""
        self.buf += text
        out: list[tuple[str, str]] = []
        while self.buf:
            tag = self.close if self.inside else self.open
            at = self.buf.find(tag)
            if at >= 0:
                before = self.buf[:at]
                if self.inside:
                    before = before.rstrip("\n")
                if before:
                    self._emit(out, before)
                self.buf = self.buf[at + len(tag):]
                self.inside = not self.inside
                self.fresh = True
                continue
            keep = _partial_suffix(self.buf, tag)
            settled = self.buf[:len(self.buf) - keep]
            if self.inside:  # newlines may turn out to precede the closing tag
                stripped = settled.rstrip("\n")
                keep += len(settled) - len(stripped)
                settled = stripped
            if settled:
                self._emit(out, settled)
            self.buf = self.buf[len(self.buf) - keep:]
            break
        return out

    def flush(self) -> list[tuple[str, str]]:
        rest, self.buf = self.buf, ""
        out: list[tuple[str, str]] = []
        if rest:
            self._emit(out, rest)
        return out


def _partial_suffix(text: str, tag: str) -> int:
    """Length of the longest suffix of ``text`` that is a proper prefix of ``tag``."""
    for n in range(min(len(tag) - 1, len(text)), 0, -1):
        if tag.startswith(text[-n:]):
            return n
    return 0


def split(text: str, open_tag: str, close_tag: str) -> tuple[str | None, str]:
    """(reasoning, text) of a whole string whose reasoning sits in leading tags.

    Returns (None, text) when the string does not start with the opening tag.
    """
    if not text.lstrip().startswith(open_tag):
        return None, text
    sp = TagSplitter(open_tag, close_tag)
    pieces = sp.feed(text) + sp.flush()
    reasoning = "".join(p for k, p in pieces if k == "reasoning")
    rest = "".join(p for k, p in pieces if k == "text")
    return reasoning, rest.lstrip("\n")
