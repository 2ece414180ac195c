"""`sitegen serve`: build, serve the output folder on loopback, rebuild when sources change.

Three parts, one module each: `watch` notices changed files (polling, debounced), `httpd` serves
the output folder read-only with the live-reload script injected into HTML responses, and
`livereload` holds the build status the pages follow. This module wires them together: a
`DevServer` runs the HTTP server in one thread and the watcher (which runs the rebuilds, one at
a time) in another, and survives failing builds by serving the last good site with the error.
"""

from __future__ import annotations

import ipaddress
import os
import sys
import threading
import traceback
from argparse import Namespace
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import Callable, TextIO

from .build import build
from .config import CONFIG_FILE, BuildConfig
from .errors import SitegenError
from .httpd import SiteHTTPServer
from .livereload import StatusBoard
from .output import MARKER
from .progress import Progress
from .watch import Watcher


@dataclass(frozen=True)
class ConfigReloader:
    """The configuration file to watch, and how to read the configuration again when it changes
    (the file with the command-line flags on top): `load()` returns (config, warnings)."""

    file: Path
    load: Callable[[], tuple[BuildConfig, list[str]]]


class DevServer:
    """The site of `config`, built, served at `url` and rebuilt on changes between `start()`
    and `stop()`. Usable as a context manager; port 0 picks a free port.

    With `reloader`, a change to the configuration file reloads the configuration before the
    rebuild (and a broken file is reported like a failed build).
    """

    def __init__(self, config: BuildConfig, *, host: str = "127.0.0.1", port: int = 0,
                 quiet: bool = False, reloader: ConfigReloader | None = None, quiet_period: float = 0.3,
                 poll_interval: float = 0.1, out: TextIO | None = None, err: TextIO | None = None) -> None:
        self.config = config
        self.board = StatusBoard()
        self._address = (host, port)
        self._quiet = quiet
        self._reloader = reloader
        self._config_failed = False
        self._timing = (quiet_period, poll_interval)
        self._out = out or sys.stdout
        self._err = err or sys.stderr
        self._stop = threading.Event()
        self._watcher: Watcher | None = None
        self._httpd: SiteHTTPServer | None = None
        self._threads: list[threading.Thread] = []

    @property
    def url(self) -> str:
        """The address to open in a browser (valid once started)."""
        if self._httpd is None:
            raise RuntimeError("the server is not started")
        host, port = self._httpd.server_address[:2]
        return f"http://[{host}]:{port}/" if ":" in str(host) else f"http://{host}:{port}/"

    def start(self) -> None:
        """Build once (a failure is reported, not raised), then serve and watch in two threads.

        Raises SitegenError when the address cannot be listened on.
        """
        self._watcher = Watcher(self._watched(), self._excluded(), quiet_period=self._timing[0],
                                poll_interval=self._timing[1])
        self.rebuild()
        try:
            self._httpd = SiteHTTPServer(self._address, self._site_root, self.board)
        except OSError as error:
            host, port = self._address
            raise SitegenError(f"cannot serve on {host}:{port}: {error.strerror or error}") from None
        self._threads = [
            threading.Thread(target=self._httpd.serve_forever, args=(0.1,), name="sitegen-http"),
            threading.Thread(target=self._watcher.run, args=(self._on_change, self._stop), name="sitegen-watch"),
        ]
        for thread in self._threads:
            thread.start()
        self._say(f"Serving {self.config.output_dir} at {self.url} (Ctrl-C to stop)")
        if not _is_loopback(self._address[0]):
            self._warn(f"{self._address[0]} is not a loopback address: other machines can read the site")

    def wait(self) -> None:
        """Block until `stop()` is called (from another thread) or Ctrl-C."""
        while not self._stop.wait(0.5):
            pass

    def stop(self) -> None:
        """Stop watching and serving; returns once every thread of the server has ended."""
        self._stop.set()
        self.board.close()
        if self._httpd is not None:
            if any(thread.is_alive() for thread in self._threads):
                self._httpd.shutdown()
            self._httpd.close_connections()
            self._httpd.server_close()
        for thread in self._threads:
            thread.join()
        self._threads = []

    def __enter__(self) -> DevServer:
        self.start()
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.stop()

    def rebuild(self) -> bool:
        """Build the site now and publish the outcome to open pages; whether it succeeded."""
        self.board.building()
        try:
            report = build(self.config, progress=Progress.for_stream(self._err, quiet=self._quiet))
        except SitegenError as error:
            return self._failed(str(error))
        except Exception as error:  # a bug in sitegen: show it, keep the last good site up
            traceback.print_exc(file=self._err)
            return self._failed(f"internal error: {type(error).__name__}: {error}")
        self.board.succeeded()
        self._say(report.summary(self.config.output_dir))
        if report.diagnostics and not self._quiet:
            print(f"{len(report.diagnostics)} warnings (listed by 'sitegen check')", file=self._err, flush=True)
        return True

    def _on_change(self, changed: frozenset[Path]) -> None:
        self._say(f"{_describe(changed)} changed; rebuilding")
        if self._reloader is not None and (self._config_failed or _absolute(self._reloader.file) in changed):
            if not self._reload_config(self._reloader):
                return
        self.rebuild()

    def _reload_config(self, reloader: ConfigReloader) -> bool:
        try:
            config, warnings = reloader.load()
        except SitegenError as error:
            self._config_failed = True
            return self._failed(str(error))
        self._config_failed = False
        for message in warnings:
            self._warn(message)
        self.config = config
        if self._watcher is not None:
            self._watcher.watch(self._watched(), self._excluded())
        return True

    def _site_root(self) -> Path | None:
        """The output folder, unless sitegen did not make it (then nothing is served from it)."""
        output_dir = self.config.output_dir
        return output_dir if (output_dir / MARKER).is_file() else None

    def _watched(self) -> list[Path]:
        config_file = [self._reloader.file] if self._reloader is not None else []
        return [self.config.content_dir, self.config.theme_dir, *config_file]

    def _excluded(self) -> list[Path]:
        return [self.config.output_dir, self.config.cache_dir]

    def _failed(self, message: str) -> bool:
        print(f"error: {message}", file=self._err, flush=True)
        self.board.failed(message)
        return False

    def _say(self, message: str) -> None:
        if not self._quiet:
            print(message, file=self._out, flush=True)

    def _warn(self, message: str) -> None:
        print(f"warning: {message}", file=self._err, flush=True)


def serve(config: BuildConfig, *, host: str = "127.0.0.1", port: int = 8000, quiet: bool = False,
          config_arguments: Namespace | None = None) -> int:
    """Run the dev server until Ctrl-C; returns the exit code (0).

    With `config_arguments` (the command line's parsed arguments), a change to the configuration
    file reloads it with the same flags on top. Raises SitegenError if the port is unavailable.
    """
    reloader = None
    if config_arguments is not None:
        from .cli import config_from  # the CLI owns how flags combine with the file

        reloader = ConfigReloader(config.config_file or config_arguments.config or Path(CONFIG_FILE),
                                  partial(config_from, config_arguments))
    server = DevServer(config, host=host, port=port, quiet=quiet, reloader=reloader)
    try:
        server.start()
        server.wait()
    except KeyboardInterrupt:
        pass
    finally:
        server.stop()
    if not quiet:
        print("Stopped.")
    return 0


def _absolute(path: Path) -> Path:
    return Path(os.path.abspath(path))


def _describe(changed: frozenset[Path]) -> str:
    names = sorted(os.path.relpath(path) for path in changed)
    return names[0] if len(names) == 1 else f"{names[0]} and {len(names) - 1} more files"


def _is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False
