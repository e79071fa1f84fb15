"""``interlingua batch convert``: batch files in, batch files and a manifest out."""

from __future__ import annotations

import argparse
import re
import sys
from typing import Any

from ..errors import InterlinguaError
from .formats import batch_formats
from .limits import UNLIMITED, BatchLimits

EXIT_OK, EXIT_BAD, EXIT_USAGE = 0, 1, 2

_SIZE = re.compile(r"\s*(\d+(?:\.\d+)?)\s*([kmg]i?b?|b)?\s*", re.IGNORECASE)
_UNITS = {"": 1, "b": 1, "k": 1000, "kb": 1000, "kib": 1024, "ki": 1024,
          "m": 1000**2, "mb": 1024**2, "mib": 1024**2, "mi": 1024**2,
          "g": 1000**3, "gb": 1024**3, "gib": 1024**3, "gi": 1024**3}


def _size(text: str) -> int:
    """``100MB`` (vendors' MB are MiB: 100 MB = 104857600 bytes), ``512k``, ``1000``."""
    match = _SIZE.fullmatch(text)
    if match is None:
        raise argparse.ArgumentTypeError(f"expected a size such as 100MB, got {text!r}")
    unit = (match.group(2) or "").lower()
    return int(float(match.group(1)) * _UNITS[unit])


def add_parser(sub: Any) -> None:
    """Add ``batch`` (with ``convert``) to the ``interlingua`` subcommands."""
    from ..cli import _option

    batch = sub.add_parser("batch", help="convert batch files (inputs and results)")
    batch_sub = batch.add_subparsers(dest="batch_command", required=True)
    conv = batch_sub.add_parser(
        "convert", help="convert a batch input file (or, with --results, a results file)",
        description="Convert a batch file between vendors, streaming. OUT is a file: the "
                    "output is that file when it fits the target's limits, else OUT-001, "
                    "OUT-002... (one series per model and endpoint where the vendor runs one "
                    "model per batch); an existing directory (or a path ending in /) gets "
                    "batch.jsonl or batch-001.jsonl... The manifest (files, line counts, "
                    "sizes, id ranges, losses, bad lines) goes beside it as "
                    "OUT.manifest.json. '-' reads stdin / writes stdout (never split). "
                    "Exit status: 0; 1 if a line was bad or an id repeated (or, with "
                    "--strict, anything was lost); 2 on usage errors or unusable input.")
    conv.add_argument("--from", dest="source", required=True,
                      help=f"source batch format ({', '.join(batch_formats())})")
    conv.add_argument("--to", dest="target", required=True, help="target batch format")
    conv.add_argument("--results", action="store_true",
                      help="IN is a results file (output / error JSONL), not an input file")
    conv.add_argument("--model", help="target model for every request (required from "
                                      "google.batch / vertex.batch to a format that needs one)")
    conv.add_argument("--endpoint", help="openai.batch output: the endpoint of every request "
                                         "or result (/v1/chat/completions, /v1/responses, "
                                         "/v1/completions)")
    conv.add_argument("--layout", choices=("jsonl", "create"), default="jsonl",
                      help="output layout: JSONL, or the vendor's batch-create body "
                           "(anthropic.batch, google.batch)")
    conv.add_argument("--display-name", help="google.batch --layout create: the batch's name")
    conv.add_argument("--on-error", choices=("skip", "keep", "raise"), default="skip",
                      help="a bad line is skipped (default), kept unchanged, or stops the run")
    conv.add_argument("--strict", action="store_true",
                      help="exit with status 1 if anything could not be carried")
    conv.add_argument("--requests-manifest", metavar="PATH",
                      help="with --results: the manifest of the requests conversion (restores "
                           "ids, tool names and endpoints)")
    conv.add_argument("--max-requests", type=int, metavar="N",
                      help="requests per output file (default: the target vendor's limit)")
    conv.add_argument("--max-bytes", type=_size, metavar="SIZE",
                      help="bytes per output file, e.g. 100MB (default: the vendor's limit)")
    conv.add_argument("--no-split", action="store_true",
                      help="write one file whatever its size")
    conv.add_argument("--manifest", metavar="PATH", help="where to write the manifest")
    conv.add_argument("--no-manifest", action="store_true", help="write no manifest")
    conv.add_argument("--rejects", metavar="PATH", help="copy every bad line to this file")
    conv.add_argument("--option", "-o", action="append", type=_option, metavar="KEY=VALUE",
                      help="a conversion option (see interlingua.Options)")
    conv.add_argument("input", metavar="IN", help="input file, or - (stdin)")
    conv.add_argument("output", metavar="OUT", help="output file or directory, or - (stdout)")
    conv.set_defaults(run=_convert)


def _fail(message: str) -> int:
    print(f"interlingua: error: {message}", file=sys.stderr)
    return EXIT_USAGE


def _limits(args: argparse.Namespace) -> BatchLimits | None:
    if args.no_split:
        return UNLIMITED
    if args.max_requests is None and args.max_bytes is None:
        return None
    from .formats import get_batch_format
    from .limits import vendor_limits
    base = vendor_limits(get_batch_format(args.target).id, args.layout)
    return BatchLimits(
        max_requests=args.max_requests if args.max_requests is not None else base.max_requests,
        max_bytes=args.max_bytes if args.max_bytes is not None else base.max_bytes,
        source="command line")


def _convert(args: argparse.Namespace) -> int:
    from .convert import BatchLineError
    from .sink import convert_batch_file, manifest_path_for, output_names

    if args.requests_manifest and not args.results:
        return _fail("--requests-manifest goes with --results")
    manifest: bool | str = False if args.no_manifest else (args.manifest or True)
    if args.output == "-" and manifest is True:
        manifest = False
    rejects_fh = None
    kwargs: dict[str, Any] = {"on_loss": "ignore", "on_error": args.on_error,
                              "endpoint": args.endpoint,
                              "options": dict(args.option or ())}
    if not args.results:
        kwargs.update(model=args.model, layout=args.layout)
        if args.display_name:
            kwargs["layout_options"] = {"display_name": args.display_name}
    elif args.model:
        return _fail("--model applies to requests, not --results")
    try:
        if args.rejects:
            rejects_fh = open(args.rejects, "wb")  # noqa: SIM115
            fh = rejects_fh
            kwargs["rejects"] = lambda n, raw: fh.write(raw.rstrip(b"\r\n") + b"\n")
        conv, result = convert_batch_file(
            args.input, args.output, args.source, args.target, results=args.results,
            limits=_limits(args), manifest=manifest,
            requests_manifest=args.requests_manifest, **kwargs)
    except BatchLineError as exc:
        return _fail(str(exc))
    except FileNotFoundError as exc:
        return _fail(f"cannot read {exc.filename}: {exc.strerror}")
    except (InterlinguaError, ValueError, TypeError, OSError) as exc:
        return _fail(str(exc))
    finally:
        if rejects_fh is not None:
            rejects_fh.close()
    report = conv.report
    print(report.summary(), file=sys.stderr)
    if args.output != "-":
        out_dir = output_names(args.output)[0]
        for f in result["files"]:
            print(f"wrote {out_dir / f['path']}: {f['lines']} line(s), {f['bytes']} bytes",
                  file=sys.stderr)
    if manifest:
        print(f"manifest: {manifest if manifest is not True else manifest_path_for(args.output)}",
              file=sys.stderr)
    if report.bad or report.duplicate_count:
        return EXIT_BAD
    return EXIT_BAD if args.strict and report.loss_count else EXIT_OK
