"""Command-line interface: argument parsing only; the work is done by build and the tagger."""

from __future__ import annotations

import argparse
import json
import sys
from datetime import date
from pathlib import Path

from . import __version__
from .build import build
from .config import BuildConfig
from .errors import SitegenError
from .sources import read_text
from .temporal import tag


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="sitegen", description=__doc__)
    parser.add_argument("--version", action="version", version=f"sitegen {__version__}")
    commands = parser.add_subparsers(dest="command", required=True)

    build_parser = commands.add_parser("build", help="build the site from the content folder")
    build_parser.add_argument("--content", type=Path, default=Path("content"), help="documents (default: content/)")
    build_parser.add_argument("--output", type=Path, default=Path("output"), help="site folder (default: output/)")
    build_parser.add_argument("--theme", type=Path, default=Path("theme"), help="theme folder (default: theme/)")

    tag_parser = commands.add_parser("tag", help="print the temporal expressions of a text as JSON lines")
    tag_parser.add_argument("--dct", type=date.fromisoformat, default=None,
                            help="reference (document creation) date, YYYY-MM-DD")
    tag_parser.add_argument("file", nargs="?", default="-", help="text file, or - for standard input")
    return parser


def _run_tag(arguments: argparse.Namespace) -> int:
    text = sys.stdin.read() if arguments.file == "-" else read_text(Path(arguments.file))
    for timex in tag(text, arguments.dct):
        print(json.dumps(timex.to_json(), ensure_ascii=False))
    return 0


def main(argv: list[str] | None = None) -> int:
    """Run the command line; returns the exit code."""
    arguments = _parser().parse_args(argv)
    try:
        if arguments.command == "tag":
            return _run_tag(arguments)
        config = BuildConfig(content_dir=arguments.content, output_dir=arguments.output,
                             theme_dir=arguments.theme)
        report = build(config)
        print(report.summary(config.output_dir))
        return 0
    except SitegenError as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("interrupted; the previous output was left as it was", file=sys.stderr)
        return 130


if __name__ == "__main__":
    sys.exit(main())
