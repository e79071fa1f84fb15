"""The ``interlingua`` command line: JSON in, JSON out, losses on stderr."""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any

from . import api, registry
from .errors import InterlinguaError

EXIT_OK, EXIT_LOSS, EXIT_USAGE = 0, 1, 2


def _read_json(path: str) -> Any:
    try:
        if path == "-":
            text = sys.stdin.read()
        else:
            with open(path, encoding="utf-8") as fh:
                text = fh.read()
    except OSError as exc:
        raise SystemExit(_fail(f"cannot read {path}: {exc.strerror}")) from None
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise SystemExit(_fail(f"{path}: not valid JSON: {exc.msg} at line {exc.lineno} "
                               f"column {exc.colno}")) from None


def _fail(message: str) -> int:
    print(f"interlingua: error: {message}", file=sys.stderr)
    return EXIT_USAGE


def _option(text: str) -> tuple[str, Any]:
    key, sep, value = text.partition("=")
    if not sep:
        raise argparse.ArgumentTypeError(f"expected KEY=VALUE, got {text!r}")
    try:
        return key, json.loads(value)
    except json.JSONDecodeError:
        return key, value


def _convert(args: argparse.Namespace) -> int:
    payload = _read_json(args.file)
    try:
        result = api.translate_request(payload, args.source, args.target, model=args.model,
                                       on_loss="ignore", options=dict(args.option or ()))
    except (InterlinguaError, TypeError) as exc:
        return _fail(str(exc))
    indent = None if args.compact else 2
    json.dump(result.body, sys.stdout, indent=indent, ensure_ascii=False)
    sys.stdout.write("\n")
    for loss in result.losses:
        print(f"loss: {loss}", file=sys.stderr)
    return EXIT_LOSS if args.strict and result.losses else EXIT_OK


def _formats(args: argparse.Namespace) -> int:
    for format_id in registry.formats():
        print(format_id)
    if args.aliases:
        for alias, target in sorted(registry.aliases().items()):
            print(f"{alias} -> {target}")
    return EXIT_OK


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="interlingua", description="Translate LLM API payloads between vendors, offline.")
    sub = parser.add_subparsers(dest="command", required=True)

    convert = sub.add_parser("convert", help="convert a request body")
    convert.add_argument("--from", dest="source", required=True, help="source format id")
    convert.add_argument("--to", dest="target", required=True, help="target format id")
    convert.add_argument("--model", help="target model (overrides the payload's)")
    convert.add_argument("--strict", action="store_true",
                         help="exit with status 1 if anything could not be carried")
    convert.add_argument("--compact", action="store_true", help="compact JSON output")
    convert.add_argument("--option", "-o", action="append", type=_option, metavar="KEY=VALUE",
                         help="a conversion option (see interlingua.Options)")
    convert.add_argument("file", nargs="?", default="-", help="input JSON file, or - (stdin)")
    convert.set_defaults(run=_convert)

    fmts = sub.add_parser("formats", help="list the registered format ids")
    fmts.add_argument("--aliases", action="store_true", help="also list short aliases")
    fmts.set_defaults(run=_formats)

    from .batch.cli import add_parser as add_batch_parser  # batch files (docs/batch.md)
    add_batch_parser(sub)

    from .validate.cli import add_parser as add_validate_parser  # docs/validation.md
    add_validate_parser(sub)
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        code: int = args.run(args)
    except BrokenPipeError:  # the reader went away (`| head`): not an error of ours
        sys.stderr.close()
        return EXIT_OK
    return code


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
