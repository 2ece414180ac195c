"""Live reload: the build status open pages follow, and the script injected into served pages.

The dev server adds one `<script src="/__sitegen/livereload.js">` tag to every HTML response as
it is served (never to the files on disk). The script long-polls `/__sitegen/status`: when the
build generation differs from the one the page was served with, it reloads the page; while the
last build failed, it shows the error in a banner over the (previous, still served) page.
"""

from __future__ import annotations

import html
import secrets
import threading
from dataclasses import dataclass

STATUS_PATH = "/__sitegen/status"
SCRIPT_PATH = "/__sitegen/livereload.js"


@dataclass(frozen=True)
class BuildStatus:
    """What open pages need to know. `version` changes whenever anything else does; `generation`
    changes with every successful build (and with every server start, so a tab left open across
    restarts reloads too)."""

    version: str
    generation: str
    error: str | None

    def to_json(self) -> dict[str, str | None]:
        """The JSON form served at STATUS_PATH."""
        return {"version": self.version, "generation": self.generation, "error": self.error}


class StatusBoard:
    """The current BuildStatus, written by the rebuild thread and awaited by request threads."""

    def __init__(self, instance: str | None = None) -> None:
        self._instance = instance or secrets.token_hex(4)
        self._changes = 0
        self._builds = 0
        self._error: str | None = None
        self._building = False
        self._closed = False
        self._condition = threading.Condition()

    def current(self) -> BuildStatus:
        """The status now."""
        with self._condition:
            return BuildStatus(f"{self._instance}.{self._changes}", f"{self._instance}.{self._builds}",
                               self._error)

    def building(self) -> None:
        """A build has started."""
        with self._condition:
            self._building = True

    def succeeded(self) -> None:
        """A build has finished writing: pages reload, any error banner goes away."""
        self._finish(None, new_generation=True)

    def failed(self, message: str) -> None:
        """A build (or reading the configuration) failed with `message`; the old site stays."""
        self._finish(message, new_generation=False)

    def _finish(self, error: str | None, new_generation: bool) -> None:
        with self._condition:
            if new_generation:
                self._builds += 1
            self._changes += 1
            self._error = error
            self._building = False
            self._condition.notify_all()

    def wait_for_change(self, since: str, timeout: float) -> BuildStatus:
        """The status as soon as its version differs from `since`, or after `timeout` seconds, or
        at once when the board is closed."""
        with self._condition:
            self._condition.wait_for(lambda: self._closed or self.current().version != since, timeout)
            return self.current()

    def wait_until_built(self, timeout: float) -> None:
        """Return when no build is running (or after `timeout` seconds, or once closed)."""
        with self._condition:
            self._condition.wait_for(lambda: self._closed or not self._building, timeout)

    def close(self) -> None:
        """Release every waiter now and from now on (the server is stopping)."""
        with self._condition:
            self._closed = True
            self._condition.notify_all()


def script_tag(generation: str) -> bytes:
    """The tag injected into pages served at build `generation`."""
    return (f'<script src="{SCRIPT_PATH}" data-generation="{html.escape(generation)}"></script>'
            .encode("utf-8"))


def inject_script(page: bytes, tag: bytes) -> bytes:
    """`page` with `tag` inserted just before its last `</body>` (in any case), or appended when
    the page has none."""
    end = page.lower().rfind(b"</body>")
    if end < 0:
        return page + tag
    return page[:end] + tag + page[end:]


RELOAD_SCRIPT = """\
(function () {
  "use strict";
  var loaded = document.currentScript.getAttribute("data-generation");
  var since = "";
  var failures = 0;
  var banner = null;

  function show(error) {
    if (error === null) {
      if (banner) { banner.remove(); banner = null; }
      return;
    }
    if (!banner) {
      banner = document.createElement("div");
      banner.id = "sitegen-build-error";
      banner.setAttribute("role", "alert");
      banner.title = "Click to hide";
      banner.style.cssText = "position:fixed;top:0;left:0;right:0;z-index:2147483647;margin:0;" +
        "padding:1em;background:#8b0000;color:#fff;font:14px/1.4 monospace;white-space:pre-wrap;" +
        "max-height:50vh;overflow:auto;box-shadow:0 2px 8px rgba(0,0,0,.4);cursor:pointer";
      banner.addEventListener("click", function () { banner.style.display = "none"; });
      document.body.appendChild(banner);
    }
    banner.style.display = "";
    banner.textContent = "sitegen: the last build failed; this is the previous site.\\n\\n" + error;
  }

  function poll() {
    fetch("%(status)s?since=" + encodeURIComponent(since), {cache: "no-store"})
      .then(function (response) {
        if (!response.ok) { throw new Error("HTTP " + response.status); }
        return response.json();
      })
      .then(function (status) {
        if (status.generation !== loaded) { location.reload(); return; }
        failures = 0;
        since = status.version;
        show(status.error);
        poll();
      })
      .catch(function () {
        failures += 1;
        setTimeout(poll, Math.min(500 * Math.pow(2, failures - 1), 4000));
      });
  }

  poll();
})();
""" % {"status": STATUS_PATH}
