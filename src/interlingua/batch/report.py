"""What a batch conversion did: counts, losses per id, bad lines, duplicate ids."""

from __future__ import annotations

import re
from typing import Any

import msgspec

from ..context import Renames
from ..loss import Loss

#: How many ids a loss summary entry lists as examples.
SUMMARY_IDS = 5
#: Bad lines and duplicates kept in detail (all are counted); a batch that is mostly bad
#: would otherwise hold every one in memory.
DETAIL_LIMIT = 10_000


class BadLine(msgspec.Struct, kw_only=True, omit_defaults=True):
    """A line that could not be converted (or was rejected by the loss policy).

    Attributes:
        line: 1-based line number in the input (the item number for a JSON document input).
        id: the line's id when it could be read (``custom_id``, ``key``...).
        kind: ``json`` (not JSON), ``envelope`` (not the batch format's line shape),
            ``missing_id``, ``duplicate_id``, ``payload`` (the body is malformed for its
            format; ``path`` names the value), ``conversion`` (well formed but not
            convertible), ``unsupported`` (no converter for this body or endpoint yet),
            ``loss`` (``on_loss="raise"`` and something could not be carried),
            ``too_large`` (one line exceeds a whole file's byte limit), ``truncated``.
        message: what is wrong, in a sentence.
        path: the JSON path of the offending value, relative to the line's body for
            ``payload`` errors and to the line otherwise.
        action: ``skipped``, ``kept`` (copied as it was) or ``raised``.
    """

    line: int
    kind: str
    message: str
    id: str | None = None
    path: str | None = None
    action: str = "skipped"


class Duplicate(msgspec.Struct, kw_only=True):
    """An id seen twice: where first, and where again."""

    id: str
    line: int
    first_line: int


_INDEX = re.compile(r"\[\d+\]")


class BatchReport:
    """Everything a batch conversion found, filled in as the lines stream through.

    Complete once the conversion has been iterated to the end.

    Attributes:
        source, target: batch format ids; ``kind``: "requests" or "results".
        read: lines (or document items) read, blank lines excluded; ``blank``: blank lines.
        written: lines converted and yielded; ``kept``: bad lines copied as they were;
            ``skipped``: bad lines left out.
        losses: per id (as in the input), every loss of that line, paths relative to its
            body (``$.messages[3].content``) or to the line for the envelope (``$.custom_id``).
        bad_lines: each bad line with its line number, id, kind and message.
        duplicates: each repeated id with the lines it appears on.
        renamed_ids: ids rewritten to fit the target (input id -> written id).
        synthesized_ids: lines without an id given one (``request-<line>``).
        renames: per id, tool names and call ids the request writer rewrote (pass the
            manifest to ``convert_batch_results`` to restore them in the results).
        endpoints: per id, the OpenAI url of lines whose url differs from ``endpoint`` (the
            first line's url).
        outcomes: for results, how many succeeded, errored, canceled, expired.
        models: how many lines were written for each model.
        notes: remarks about the whole batch.
    """

    def __init__(self, source: str, target: str, kind: str, *, keep_losses: bool = True
                 ) -> None:
        self.source = source
        self.target = target
        self.kind = kind
        self.keep_losses = keep_losses
        self.read = 0
        self.blank = 0
        self.written = 0
        self.kept = 0
        self.skipped = 0
        self.bad = 0
        self.duplicate_count = 0
        self.losses: dict[str, list[Loss]] = {}
        self.loss_count = 0
        self.lines_with_losses = 0
        self.bad_lines: list[BadLine] = []
        self.duplicates: list[Duplicate] = []
        self.renamed_ids: dict[str, str] = {}
        self.synthesized_ids = 0
        self.renames: dict[str, Renames] = {}
        self.endpoint: str | None = None
        self.endpoints: dict[str, str] = {}
        self.outcomes: dict[str, int] = {}
        self.models: dict[str, int] = {}
        self.notes: list[str] = []
        self._summary: dict[tuple[str, str, str], list[Any]] = {}
        self._patterns: dict[str, str] = {}

    # -- recording ---------------------------------------------------------------------------

    def add_losses(self, id: str, losses: list[Loss]) -> None:
        if not losses:
            return
        self.lines_with_losses += 1
        self.loss_count += len(losses)
        if self.keep_losses:
            self.losses.setdefault(id, []).extend(losses)
        patterns = self._patterns
        for loss in losses:
            pattern = patterns.get(loss.path)
            if pattern is None:
                pattern = _INDEX.sub("[*]", loss.path)
                if len(patterns) < 4096:
                    patterns[loss.path] = pattern
            key = (pattern, loss.kind, loss.reason)
            entry = self._summary.get(key)
            if entry is None:
                self._summary[key] = [1, [id]]
            else:
                entry[0] += 1
                if len(entry[1]) < SUMMARY_IDS and entry[1][-1] != id:
                    entry[1].append(id)

    def add_bad(self, bad: BadLine) -> None:
        self.bad += 1
        if len(self.bad_lines) < DETAIL_LIMIT:
            self.bad_lines.append(bad)

    def add_duplicate(self, dup: Duplicate) -> None:
        self.duplicate_count += 1
        if len(self.duplicates) < DETAIL_LIMIT:
            self.duplicates.append(dup)

    # -- reading -----------------------------------------------------------------------------

    def loss_summary(self) -> list[dict[str, Any]]:
        """Losses grouped by path (array indexes folded to ``[*]``), kind and reason, most
        frequent first, each with its count and a few example ids."""
        rows = [{"path": path, "kind": kind, "reason": reason, "count": count, "ids": ids}
                for (path, kind, reason), (count, ids) in self._summary.items()]
        rows.sort(key=lambda r: (-r["count"], r["path"]))
        return rows

    def summary(self) -> str:
        """A few lines for a person (the CLI prints it on stderr)."""
        what = "results" if self.kind == "results" else "requests"
        lines = [f"{self.source} -> {self.target}: {self.read} {what} read, "
                 f"{self.written} written, {self.bad} bad ({self.skipped} skipped, "
                 f"{self.kept} kept), {self.duplicate_count} duplicate id(s)"]
        if self.outcomes:
            lines.append("outcomes: " + ", ".join(f"{k} {v}" for k, v in
                                                  sorted(self.outcomes.items())))
        if self.loss_count:
            lines.append(f"losses: {self.loss_count} in {self.lines_with_losses} line(s)")
            for row in self.loss_summary()[:20]:
                lines.append(f"  {row['count']:>6} x {row['path']}: {row['kind']}: "
                             f"{row['reason']}")
        for bad in self.bad_lines[:20]:
            where = f" ({bad.id})" if bad.id is not None else ""
            at = f" at {bad.path}" if bad.path else ""
            lines.append(f"bad line {bad.line}{where}: {bad.kind}{at}: {bad.message} "
                         f"[{bad.action}]")
        if self.bad > 20:
            lines.append(f"... and {self.bad - 20} more bad line(s)")
        for dup in self.duplicates[:20]:
            lines.append(f"duplicate id {dup.id!r} on line {dup.line} "
                         f"(first on line {dup.first_line})")
        if self.renamed_ids:
            lines.append(f"ids rewritten to fit {self.target}: {len(self.renamed_ids)}")
        if self.synthesized_ids:
            lines.append(f"ids made from line numbers: {self.synthesized_ids}")
        lines.extend(self.notes)
        return "\n".join(lines)

    def to_dict(self) -> dict[str, Any]:
        """The report as JSON data (the body of a manifest, less the files)."""
        out: dict[str, Any] = {
            "kind": self.kind,
            "source": self.source,
            "target": self.target,
            "counts": {"read": self.read, "written": self.written, "bad": self.bad,
                       "skipped": self.skipped, "kept": self.kept, "blank": self.blank,
                       "duplicates": self.duplicate_count,
                       "lines_with_losses": self.lines_with_losses,
                       "losses": self.loss_count},
        }
        if self.outcomes:
            out["outcomes"] = dict(sorted(self.outcomes.items()))
        if self.models:
            out["models"] = dict(self.models)
        out["losses"] = {"summary": self.loss_summary()}
        if self.keep_losses:
            out["losses"]["by_id"] = {
                id: [{"path": x.path, "kind": x.kind, "reason": x.reason} for x in losses]
                for id, losses in self.losses.items()}
        out["bad_lines"] = [_bad_dict(b) for b in self.bad_lines]
        out["duplicates"] = [msgspec.to_builtins(d) for d in self.duplicates]
        out["ids"] = {"renamed": dict(self.renamed_ids), "synthesized": self.synthesized_ids}
        out["renames"] = {id: msgspec.to_builtins(r) for id, r in self.renames.items()}
        out["endpoints"] = {"default": self.endpoint, "by_id": dict(self.endpoints)}
        if self.notes:
            out["notes"] = list(self.notes)
        return out


def _bad_dict(bad: BadLine) -> dict[str, Any]:
    out: dict[str, Any] = {"line": bad.line, "id": bad.id, "kind": bad.kind,
                           "message": bad.message}
    if bad.path is not None:
        out["path"] = bad.path
    out["action"] = bad.action
    return out
