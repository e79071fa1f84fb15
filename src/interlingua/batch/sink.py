"""The writing side: converted lines into files that roll over before a vendor limit would be
crossed, and the manifest that says what went where."""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import IO, Any

from .convert import BatchConversion, BatchLine, convert_batch, convert_batch_results
from .formats import Group
from .jsonstream import read_blocks
from .limits import UNLIMITED, BatchLimits

_BLOCK = 1 << 20
Envelope = tuple[bytes, bytes, bytes] | None


class _File:
    __slots__ = ("bytes", "fh", "first_id", "group", "last_id", "lines", "over_limit",
                 "path", "sep", "suffix")

    def __init__(self, path: Path, group: Group, envelope: Envelope) -> None:
        self.path = path
        self.group = group
        self.fh: IO[bytes] = open(path, "wb", buffering=_BLOCK)  # noqa: SIM115
        self.lines = 0
        self.bytes = 0
        self.first_id: str | None = None
        self.last_id: str | None = None
        self.over_limit = False
        if envelope is None:
            self.sep, self.suffix = b"", b""
        else:
            prefix, self.sep, self.suffix = envelope
            self.fh.write(prefix)
            self.bytes = len(prefix)

    def cost(self, data: bytes) -> int:
        """Bytes the file would have, closed, with ``data`` added."""
        if self.suffix or self.sep:
            return self.bytes + (len(self.sep) if self.lines else 0) + len(data) + \
                len(self.suffix)
        return self.bytes + len(data) + 1

    def write(self, line: BatchLine) -> None:
        fh = self.fh
        if self.sep or self.suffix:
            if self.lines:
                fh.write(self.sep)
                self.bytes += len(self.sep)
            fh.write(line.data)
            self.bytes += len(line.data)
        else:
            fh.write(line.data)
            fh.write(b"\n")
            self.bytes += len(line.data) + 1
        self.lines += 1
        if line.id is not None:
            if self.first_id is None:
                self.first_id = line.id
            self.last_id = line.id

    def close(self) -> None:
        if self.suffix:
            self.fh.write(self.suffix)
            self.bytes += len(self.suffix)
        self.fh.close()


def output_names(out: str | Path, document: bool = False) -> tuple[Path, str, str]:
    """(directory, stem, extension) of the files written for ``out``."""
    path = Path(out)
    default_ext = ".json" if document else ".jsonl"
    if path.is_dir() or str(out).endswith(("/", os.sep)):
        return path, "batch", default_ext
    if not path.suffix:
        return path.parent, path.name, default_ext
    return path.parent, path.stem, path.suffix


def manifest_path_for(out: str | Path) -> Path:
    """Where the manifest of the files written for ``out`` goes."""
    directory, stem, _ = output_names(out)
    return directory / f"{stem}.manifest.json"


class BatchWriter:
    """Write converted lines to one file, or to several when a limit would be crossed.

    ``out`` is a file path (``out.jsonl``): the output is that file when everything fits in
    one, else ``out-001.jsonl``, ``out-002.jsonl``... An existing directory (or a path ending
    in ``/``) gets ``batch.jsonl`` or ``batch-001.jsonl``... inside it. The manifest goes
    beside them (``out.manifest.json``, ``batch.manifest.json``).

    A new file starts before one would exceed ``limits`` (requests, or bytes including the
    line endings and a create-body envelope). With ``split_groups`` each group (a model, an
    OpenAI endpoint) gets files of its own: those vendors run one model per batch. A line too
    large for any file is written alone in a file marked ``over_limit`` in the manifest.
    """

    def __init__(self, out: str | Path, *, limits: BatchLimits = UNLIMITED,
                 envelope: Callable[[Group], Envelope] | None = None,
                 split_groups: bool = False) -> None:
        document = envelope is not None and envelope(()) is not None
        self.dir, self.stem, self.ext = output_names(out, document)
        self.dir.mkdir(parents=True, exist_ok=True)
        self.limits = limits
        self.envelope = envelope or (lambda group: None)
        self.split_groups = split_groups
        self._open: dict[Group, _File] = {}
        self._files: list[_File] = []
        self._last: Group = ()

    @property
    def single_path(self) -> Path:
        return self.dir / f"{self.stem}{self.ext}"

    @property
    def manifest_path(self) -> Path:
        return self.dir / f"{self.stem}.manifest.json"

    def _new(self, group: Group) -> _File:
        path = self.dir / f"{self.stem}-{len(self._files) + 1:03d}{self.ext}"
        f = _File(path, group, self.envelope(group))
        self._files.append(f)
        self._open[group] = f
        return f

    def write(self, line: BatchLine) -> None:
        if not self.split_groups:
            group: Group = ()
        elif line.group is None:
            group = self._last
        else:
            group = line.group
        self._last = group
        f = self._open.get(group)
        if f is None:
            f = self._new(group)
        elif f.lines and self._full(f, line.data):
            f.close()
            f = self._new(group)
        if not f.lines and self.limits.max_bytes is not None and \
                f.cost(line.data) > self.limits.max_bytes:
            f.over_limit = True
            f.write(line)
            f.close()
            del self._open[group]
            return
        f.write(line)

    def _full(self, f: _File, data: bytes) -> bool:
        limits = self.limits
        if limits.max_requests is not None and f.lines >= limits.max_requests:
            return True
        return limits.max_bytes is not None and f.cost(data) > limits.max_bytes

    def close(self) -> list[dict[str, Any]]:
        """Close every file; return their manifest entries."""
        if not self._files:  # an empty batch still gets its (empty) file
            self._new(())
        for f in self._open.values():
            f.close()
        self._open.clear()
        if len(self._files) == 1:
            only = self._files[0]
            os.replace(only.path, self.single_path)
            only.path = self.single_path
        return [self._entry(f) for f in self._files]

    def _entry(self, f: _File) -> dict[str, Any]:
        entry: dict[str, Any] = {"path": f.path.name, "lines": f.lines, "bytes": f.bytes,
                                 "first_id": f.first_id, "last_id": f.last_id}
        if f.group:
            entry.update({k: v or None for k, v in f.group})
        if f.over_limit:
            entry["over_limit"] = True
        return entry


def build_manifest(conversion: BatchConversion, files: list[dict[str, Any]],
                   limits: BatchLimits, *, input: str | None = None) -> dict[str, Any]:
    """The manifest of a finished conversion: its files, counts, losses, bad lines."""
    from .. import __version__
    report = conversion.report.to_dict()
    manifest: dict[str, Any] = {
        "interlingua": __version__,
        "kind": report.pop("kind"),
        "source": report.pop("source"),
        "target": report.pop("target"),
    }
    if input is not None:
        manifest["input"] = input
    if conversion.kind == "requests":
        manifest["layout"] = conversion.layout
    manifest["limits"] = limits.to_dict()
    manifest["files"] = files
    manifest.update(report)
    over = [f["path"] for f in files if f.get("over_limit")]
    if over:
        manifest.setdefault("notes", []).append(
            f"{len(over)} file(s) hold a single line larger than the byte limit: "
            f"{', '.join(over)}")
    return manifest


def write_manifest(manifest: Mapping[str, Any], path: str | Path) -> None:
    """Write a manifest as indented JSON (people read it)."""
    import json
    with open(path, "w", encoding="utf-8") as fh:
        json.dump(manifest, fh, indent=2, ensure_ascii=False)
        fh.write("\n")


def write_batch(conversion: BatchConversion, out: str | Path, *,
                limits: BatchLimits | None = None, manifest: bool | str | Path = True,
                input: str | None = None) -> dict[str, Any]:
    """Consume ``conversion`` into files at ``out`` (see :class:`BatchWriter`), splitting
    where the target's limits (or ``limits``) require; write the manifest beside them
    (``manifest=False``: don't; a path: there). Returns the manifest."""
    limits = limits if limits is not None else conversion.limits
    writer = BatchWriter(out, limits=limits, envelope=conversion.envelope,
                         split_groups=conversion.one_group_per_file)
    try:
        for line in conversion:
            writer.write(line)
    finally:
        files = writer.close()
    result = build_manifest(conversion, files, limits, input=input)
    if manifest:
        write_manifest(result, writer.manifest_path if manifest is True else manifest)
    return result


def convert_batch_file(input: str | Path, output: str | Path, source: str, target: str, *,
                       results: bool = False, limits: BatchLimits | None = None,
                       manifest: bool | str | Path = True,
                       requests_manifest: Mapping[str, Any] | str | Path | None = None,
                       **kwargs: Any) -> tuple[BatchConversion, dict[str, Any]]:
    """Convert the batch file ``input`` ("-": stdin) into ``output`` (a file, a directory,
    or "-": stdout, never split) and write the manifest. ``results`` converts a results
    file (``requests_manifest``: the manifest of the requests conversion). Other keyword
    arguments go to :func:`convert_batch` / :func:`convert_batch_results`.
    Returns the conversion (its ``report``) and the manifest."""
    stdin = str(input) == "-"
    fh: IO[bytes] = sys.stdin.buffer if stdin else open(input, "rb")  # noqa: SIM115
    try:
        blocks = read_blocks(fh)
        if results:
            conv = convert_batch_results(blocks, source, target, manifest=requests_manifest,
                                         **kwargs)
        else:
            conv = convert_batch(blocks, source, target, **kwargs)
        name = None if stdin else str(input)
        if str(output) == "-":
            out = sys.stdout.buffer
            envelope = None
            count = 0
            for line in conv:
                if envelope is None and count == 0:
                    envelope = conv.envelope(line.group or ())
                    if envelope is not None:
                        out.write(envelope[0])
                if envelope is not None:
                    if count:
                        out.write(envelope[1])
                    out.write(line.data)
                else:
                    out.write(line.data + b"\n")
                count += 1
            if envelope is None and count == 0:
                envelope = conv.envelope(())
                if envelope is not None:
                    out.write(envelope[0])
            if envelope is not None:
                out.write(envelope[2])
            out.flush()
            lim = limits if limits is not None else UNLIMITED
            result = build_manifest(conv, [{"path": "-", "lines": count}], lim, input=name)
            if manifest and manifest is not True:
                write_manifest(result, manifest)
            return conv, result
        result = write_batch(conv, output, limits=limits, manifest=manifest, input=name)
        return conv, result
    finally:
        if not stdin:
            fh.close()
