"""``interlingua validate``: check a payload offline; exit 0 valid, 1 invalid, 2 usage."""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any

EXIT_VALID, EXIT_INVALID, EXIT_USAGE = 0, 1, 2


def add_parser(sub: Any) -> None:
    """Add the ``validate`` subcommand to the ``interlingua`` command's subparsers."""
    p = sub.add_parser(
        "validate", help="check a payload against the vendor's rules, offline",
        description="Check a request (or response / stream event) against the format's JSON "
                    "Schema and the vendor's rules. Exit status: 0 valid (warnings allowed), "
                    "1 invalid, 2 usage error. See docs/validation.md.")
    p.add_argument("--format", "-f", required=True, help="format id (interlingua formats)")
    p.add_argument("--kind", "-k", default="request", choices=("request", "response", "event"),
                   help="what the payload is (default: request)")
    p.add_argument("--model", "-m", help="target model (default: the payload's `model`)")
    p.add_argument("--fix", action="store_true",
                   help="apply the safe fixes: print the repaired payload on stdout and the "
                        "changes on stderr")
    p.add_argument("--json", action="store_true", help="machine-readable output")
    p.add_argument("--no-schema", action="store_true",
                   help="skip the JSON Schema layer (no jsonschema needed)")
    p.add_argument("file", nargs="?", default="-", help="JSON file, or - (stdin)")
    p.set_defaults(run=run)


def _fail(message: str) -> int:
    print(f"interlingua: error: {message}", file=sys.stderr)
    return EXIT_USAGE


def _read(path: str) -> Any:
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


def _line(d: Any) -> str:
    text = f"{d.path}: {d.severity}: {d.message} [{d.rule}]"
    if d.vendor_error:
        text += f"\n    vendor: {d.vendor_error}"
    if d.fix is not None:
        text += f"\n    fix: {d.fix.description}"
    return text


def run(args: argparse.Namespace) -> int:
    import msgspec

    from ..errors import UnknownFormatError
    from . import repair, validate

    payload = _read(args.file)
    schema = not args.no_schema
    try:
        if args.fix:
            if not schema:
                return _fail("--fix validates the result and needs the schema layer")
            result = repair(payload, args.format, args.kind, args.model)
            diagnostics = result.diagnostics
        else:
            diagnostics = validate(payload, args.format, args.kind, args.model, schema=schema)
    except (UnknownFormatError, ValueError, ImportError) as exc:
        return _fail(str(exc))
    invalid = any(d.severity == "error" for d in diagnostics)
    if args.json:
        out: dict[str, Any] = {"valid": not invalid,
                               "diagnostics": msgspec.to_builtins(diagnostics)}
        if args.fix:
            out["payload"] = result.payload
            out["changes"] = msgspec.to_builtins(result.changes)
        json.dump(out, sys.stdout, indent=2, ensure_ascii=False)
        sys.stdout.write("\n")
    elif args.fix:
        json.dump(result.payload, sys.stdout, indent=2, ensure_ascii=False)
        sys.stdout.write("\n")
        for change in result.changes:
            print(f"fixed: {change}", file=sys.stderr)
        for d in diagnostics:
            print(_line(d), file=sys.stderr)
    else:
        for d in diagnostics:
            print(_line(d))
        errors = sum(d.severity == "error" for d in diagnostics)
        print(f"{'invalid' if invalid else 'valid'}: {errors} error(s), "
              f"{len(diagnostics) - errors} warning(s)", file=sys.stderr)
    return EXIT_INVALID if invalid else EXIT_VALID
