"""Command-line interface: argument parsing only; the work is done by build, check, serve and tag."""

from __future__ import annotations

import argparse
import json
import os
import sys
from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import Any, NoReturn

from . import __version__
from .collector import collect_rarely
from .config import BuildConfig, load_config
from .errors import InterruptedAfterWriting, SitegenError
from .sources import read_text
from .temporal import tag


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="sitegen", description="Documents in, a timeline site out.")
    parser.add_argument("--version", action="version", version=f"sitegen {__version__}")
    commands = parser.add_subparsers(dest="command", required=True)

    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--config", type=Path, default=None, help="configuration file (default: ./sitegen.toml if present)")
    common.add_argument("--content", type=Path, default=None, help="documents folder (default: content/)")
    common.add_argument("--output", type=Path, default=None, help="site folder (default: output/)")
    common.add_argument("--theme", type=Path, default=None, help="theme folder (default: theme/)")
    common.add_argument("-j", "--jobs", type=_positive, default=None,
                        help="processes for extracting and rendering (default: the number of CPUs)")
    common.add_argument("-q", "--quiet", action="store_true", help="print errors only")
    common.add_argument("-v", "--verbose", action="store_true", help="print more detail")

    build = commands.add_parser("build", parents=[common], help="build the site from the content folder")
    build.add_argument("--strict", action="store_true", help="fail (exit 1) when there are warnings")
    check = commands.add_parser("check", parents=[common], help="report what needs an editor's eye, write nothing")
    check.add_argument("--strict", action="store_true", help="exit 1 when anything was reported")
    serve = commands.add_parser("serve", parents=[common], help="build, serve on loopback, rebuild on changes")
    serve.add_argument("--host", default="127.0.0.1", help="address to listen on (default: 127.0.0.1)")
    serve.add_argument("--port", type=int, default=8000, help="port (default: 8000)")

    tag_parser = commands.add_parser("tag", help="print the temporal expressions of a text as JSON lines")
    tag_parser.add_argument("--dct", type=date.fromisoformat, default=None,
                            help="reference (document creation) date, YYYY-MM-DD")
    tag_parser.add_argument("file", nargs="?", default="-", help="text file, or - for standard input")
    return parser


def _positive(text: str) -> int:
    value = int(text)
    if value < 1:
        raise argparse.ArgumentTypeError("must be 1 or more")
    return value


def config_from(arguments: argparse.Namespace) -> tuple[BuildConfig, list[str]]:
    """The configuration file's settings with the command-line flags on top."""
    config, warnings = load_config(Path("."), arguments.config)
    overrides = {name: value for name, value in (
        ("content_dir", arguments.content), ("output_dir", arguments.output), ("theme_dir", arguments.theme),
        ("jobs", arguments.jobs),
    ) if value is not None}
    return replace(config, **overrides), warnings


def _run_tag(arguments: argparse.Namespace) -> int:
    text = sys.stdin.read() if arguments.file == "-" else read_text(Path(arguments.file))
    for timex in tag(text, arguments.dct):
        print(json.dumps(timex.to_json(), ensure_ascii=False))
    return 0


def _run_build(arguments: argparse.Namespace, config: BuildConfig, warnings: list[str],
               retained: list[Any] | None = None) -> int:
    from .build import build
    from .progress import Progress

    progress = Progress.for_stream(sys.stderr, quiet=arguments.quiet)
    report = build(config, progress=progress, retained=retained)
    for message in warnings:
        print(f"warning: {message}", file=sys.stderr)
    if arguments.verbose or arguments.strict:
        for diagnostic in report.diagnostics:
            print(diagnostic, file=sys.stderr)
    if not arguments.quiet:
        print(report.summary(config.output_dir, verbose=arguments.verbose))
        if report.diagnostics and not arguments.verbose:
            print(f"{report.warning_counts()} (listed by 'sitegen check' or 'build -v')", file=sys.stderr)
    if arguments.strict and (report.diagnostics or warnings):
        print(f"error: --strict: {len(report.diagnostics) + len(warnings)} warnings", file=sys.stderr)
        return 1
    return 0


def _run_check(arguments: argparse.Namespace, config: BuildConfig, warnings: list[str]) -> int:
    from .check import check

    result = check(config)
    for message in warnings:
        print(f"warning: {message}")
    for line in result.lines(verbose=arguments.verbose):
        print(line)
    if not arguments.quiet:
        print(result.summary())
    return 1 if arguments.strict and (result.diagnostics or warnings) else 0


def _run_serve(arguments: argparse.Namespace, config: BuildConfig, warnings: list[str]) -> int:
    from .serve import serve

    for message in warnings:
        print(f"warning: {message}", file=sys.stderr)
    return serve(config, host=arguments.host, port=arguments.port, quiet=arguments.quiet,
                 config_arguments=arguments)


def main(argv: list[str] | None = None, retained: list[Any] | None = None) -> int:
    """Run the command line; returns the exit code. A build appends what it made to `retained`
    when given, for a caller that exits at once to leave unfreed (see `run`)."""
    arguments = _parser().parse_args(argv)
    collect_rarely()
    try:
        if arguments.command == "tag":
            return _run_tag(arguments)
        config, warnings = config_from(arguments)
        if arguments.command == "build":
            return _run_build(arguments, config, warnings, retained)
        runner = {"check": _run_check, "serve": _run_serve}[arguments.command]
        return runner(arguments, config, warnings)
    except SitegenError as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    except InterruptedAfterWriting:
        print("interrupted; the new site was already in place", file=sys.stderr)
        return 130
    except KeyboardInterrupt:
        print("interrupted; the previous output was left as it was", file=sys.stderr)
        return 130


def run() -> NoReturn:
    """The `sitegen` command: `main`, then exit at once. The output streams are flushed first;
    the objects a build leaves are not freed one by one (a tenth of a second for a large
    site), since every file the build writes is closed by then and its workers have exited."""
    retained: list[Any] = []
    code = main(retained=retained)
    try:
        sys.stdout.flush()
        sys.stderr.flush()
    except (OSError, ValueError):  # a closed or broken pipe: nothing more can be said
        code = code or 1
    os._exit(code)


if __name__ == "__main__":
    run()
