"""`sitegen serve`: path resolution, script injection, debouncing, and the real server end to end."""

from __future__ import annotations

import filecmp
import http.client
import io
import json
import os
import queue
import signal
import subprocess
import sys
import threading
import time
from dataclasses import replace
from pathlib import Path
from typing import Any, Callable, Iterator

import pytest

from sitegen.build import build
from sitegen.config import BuildConfig, load_config
from sitegen.httpd import Resolved, content_type, resolve_request
from sitegen.livereload import SCRIPT_PATH, StatusBoard, inject_script, script_tag
from sitegen.serve import ConfigReloader, DevServer
from sitegen.watch import Debouncer, Watcher, changed_paths, snapshot
from tests.conftest import ROOT

TIMEOUT = 10.0
NEW_NOTE = "A new note about the ceasefire\n\nOn 3 May 2021 the zanzibarian talks resumed in Geneva.\n"


# --- path resolution ---------------------------------------------------------------------------

@pytest.fixture
def site(tmp_path: Path) -> Path:
    """An output folder with an index, a sub-folder, a stylesheet, and links to a secret outside."""
    root = tmp_path / "output"
    (root / "sources").mkdir(parents=True)
    (root / "index.html").write_text("<body>home</body>", encoding="utf-8")
    (root / "sources" / "index.html").write_text("<body>sources</body>", encoding="utf-8")
    (root / "style.css").write_text("body {}", encoding="utf-8")
    (root / "two words.html").write_text("<body>spaced</body>", encoding="utf-8")
    (tmp_path / "secret.txt").write_text("secret", encoding="utf-8")
    (tmp_path / "private").mkdir()
    (tmp_path / "private" / "index.html").write_text("private", encoding="utf-8")
    (root / "link-out.txt").symlink_to(tmp_path / "secret.txt")
    (root / "dir-out").symlink_to(tmp_path / "private", target_is_directory=True)
    (root / "link-in.css").symlink_to(root / "style.css")
    return root


@pytest.mark.parametrize("target, expected", [
    ("/", "index.html"),
    ("/index.html", "index.html"),
    ("/?utm=1#top", "index.html"),
    ("/sources/", "sources/index.html"),
    ("/style.css", "style.css"),
    ("/two%20words.html", "two words.html"),
    ("/link-in.css", "style.css"),
    ("//style.css", "style.css"),
])
def test_files_inside_the_site_resolve(site: Path, target: str, expected: str) -> None:
    assert resolve_request(site, target) == Resolved(file=(site / expected).resolve())


def test_a_folder_without_its_slash_redirects_to_it(site: Path) -> None:
    assert resolve_request(site, "/sources") == Resolved(redirect="/sources/")
    assert resolve_request(site, "/sources?x=1") == Resolved(redirect="/sources/?x=1")
    assert resolve_request(site, "//sources") == Resolved(redirect="/sources/")  # never to a host


@pytest.mark.parametrize("target", [
    "/../secret.txt", "/..", "/sources/../../secret.txt", "/%2e%2e/secret.txt", "/%2E%2E/secret.txt",
    "/.%2e/secret.txt", "/..%2fsecret.txt", "/sources%2f..%2f..%2fsecret.txt", "/%2fetc%2fpasswd",
    "/..\\secret.txt", "/sources\\..\\..\\secret.txt", "/%5c..%5csecret.txt", "/./index.html",
    "secret.txt", "../secret.txt", "/etc/passwd", "//etc/passwd", "/link-out.txt", "/dir-out/",
    "/dir-out/index.html", "/dir-out", "/%00", "/index.html%00.css", "/%ff", "/missing.html",
])
def test_anything_outside_the_site_is_not_found(site: Path, target: str) -> None:
    assert resolve_request(site, target) is None


def test_absolute_paths_stay_inside_the_site(site: Path) -> None:
    secret = site.parent / "secret.txt"
    assert resolve_request(site, secret.as_posix()) is None
    assert resolve_request(site, "/" + secret.as_posix()) is None


@pytest.mark.parametrize("name, expected", [
    ("a.html", "text/html"), ("a.css", "text/css"), ("a.js", "text/javascript"),
    ("a.json", "application/json"), ("a.xml", "application/xml"), ("a.svg", "image/svg+xml"),
    ("a.ics", "text/calendar"), ("a.csv", "text/csv"), ("A.HTML", "text/html"),
    ("a.unknown", "application/octet-stream"),
])
def test_content_types(name: str, expected: str) -> None:
    assert content_type(Path(name)).split(";")[0] == expected


# --- script injection --------------------------------------------------------------------------

def test_the_script_goes_before_the_last_closing_body() -> None:
    tag = b"<script></script>"
    assert inject_script(b"<html><body>x</body></html>", tag) == b"<html><body>x<script></script></body></html>"
    assert inject_script(b"<p>`</body>` in code</p></BODY>", tag) == b"<p>`</body>` in code</p><script></script></BODY>"
    assert inject_script(b"<p>fragment", tag) == b"<p>fragment<script></script>"


def test_the_script_tag_carries_the_escaped_generation() -> None:
    assert script_tag('a"1') == f'<script src="{SCRIPT_PATH}" data-generation="a&quot;1"></script>'.encode()


# --- build status --------------------------------------------------------------------------------

def test_status_changes_with_builds_and_errors() -> None:
    board = StatusBoard("x")
    first = board.current()
    board.failed("content/a.txt:1: broken")
    failed = board.current()
    assert failed.generation == first.generation and failed.error == "content/a.txt:1: broken"
    assert failed.version != first.version
    board.succeeded()
    assert board.current().generation != first.generation and board.current().error is None


def test_waiting_for_a_change_returns_on_change_timeout_or_close() -> None:
    board = StatusBoard()
    since = board.current().version
    started = time.monotonic()
    assert board.wait_for_change(since, 0.05).version == since
    threading.Timer(0.05, board.succeeded).start()
    assert board.wait_for_change(since, TIMEOUT).version != since
    board.close()
    assert board.wait_for_change(board.current().version, TIMEOUT)
    assert time.monotonic() - started < TIMEOUT / 2


# --- watching and debouncing ---------------------------------------------------------------------

class FakeClock:
    """A clock that moves only when told to."""

    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


def _write(path: Path, text: str, mtime: int) -> None:
    path.write_text(text, encoding="utf-8")
    os.utime(path, ns=(mtime * 10**9, mtime * 10**9))


def test_a_burst_of_changes_is_one_batch_after_the_quiet_period(tmp_path: Path) -> None:
    clock = FakeClock()
    watcher = Watcher([tmp_path], quiet_period=0.3, clock=clock)
    for step, name in enumerate(["a.txt", "b.txt", "a.txt", "c.md"]):
        clock.now = step * 0.1
        _write(tmp_path / name, name * (step + 1), 1000 + step)
        assert watcher.poll() == frozenset()
    clock.now = 0.55
    assert watcher.poll() == frozenset()
    clock.now = 0.65
    assert watcher.poll() == {tmp_path / "a.txt", tmp_path / "b.txt", tmp_path / "c.md"}
    clock.now = 5
    assert watcher.poll() == frozenset()


def test_the_debouncer_restarts_its_quiet_period_on_each_change() -> None:
    clock = FakeClock()
    debouncer = Debouncer(0.3, clock)
    debouncer.note([Path("a")])
    clock.now = 0.25
    debouncer.note([Path("b")])
    clock.now = 0.5
    assert debouncer.ready() == frozenset()
    clock.now = 0.6
    assert debouncer.ready() == {Path("a"), Path("b")}
    assert debouncer.ready() == frozenset()


def test_noise_and_excluded_folders_are_not_watched(tmp_path: Path) -> None:
    for name in ("doc.txt", ".doc.txt.swp", "doc.txt~", ".git/HEAD", "output/index.html", "_drafts/x.md"):
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text("x", encoding="utf-8")
    config = tmp_path / "sitegen.toml"
    found = snapshot([tmp_path / "doc.txt", tmp_path, config], excluded=[tmp_path / "output"])
    assert set(found) == {tmp_path / "doc.txt", tmp_path / "_drafts" / "x.md"}
    config.write_text("", encoding="utf-8")
    assert changed_paths(found, snapshot([config])) == set(found) | {config}


def test_the_watch_loop_rebuilds_once_for_a_burst(tmp_path: Path) -> None:
    batches: list[frozenset[Path]] = []
    stop = threading.Event()
    watcher = Watcher([tmp_path], quiet_period=0.15, poll_interval=0.01)
    thread = threading.Thread(target=watcher.run, args=(batches.append, stop))
    thread.start()
    try:
        for step in range(5):
            _write(tmp_path / f"{step % 2}.txt", "x" * step, 2000 + step)
            time.sleep(0.02)
        _wait_for(lambda: batches, "a batch")
        time.sleep(0.2)  # time enough for a second batch, if the burst had been split
    finally:
        stop.set()
        thread.join(TIMEOUT)
    assert batches == [{tmp_path / "0.txt", tmp_path / "1.txt"}]


# --- the real server, in a thread ------------------------------------------------------------------

def _config(root: Path) -> BuildConfig:
    return BuildConfig(content_dir=root / "content", output_dir=root / "output", theme_dir=root / "theme",
                       cache_dir=root / ".sitegen-cache")


@pytest.fixture
def errors() -> io.StringIO:
    """What the dev server prints to standard error."""
    return io.StringIO()


@pytest.fixture
def dev(project: Callable[..., Path], errors: io.StringIO) -> Iterator[DevServer]:
    """A DevServer on a free loopback port for a copy of the seed documents."""
    root = project({}, seeds=True)
    before = set(threading.enumerate())
    server = DevServer(_config(root), port=0, quiet_period=0.05, poll_interval=0.02,
                       reloader=ConfigReloader(root / "sitegen.toml", lambda: load_config(root)),
                       out=io.StringIO(), err=errors)
    server.start()
    try:
        yield server
    finally:
        server.stop()
    assert set(threading.enumerate()) <= before, "threads left running"


def _get(server: DevServer, target: str, method: str = "GET") -> tuple[int, dict[str, str], bytes]:
    host, port = server.url.removeprefix("http://").rstrip("/").split(":")
    connection = http.client.HTTPConnection(host, int(port), timeout=TIMEOUT)
    try:
        connection.request(method, target)  # sent as is: no client-side normalisation
        response = connection.getresponse()
        return response.status, dict(response.getheaders()), response.read()
    finally:
        connection.close()


def _status(server: DevServer, since: str = "") -> dict[str, str | None]:
    code, _, body = _get(server, f"/__sitegen/status?since={since}")
    assert code == 200
    return json.loads(body)


def _wait_for(condition: Callable[[], object], what: str) -> None:
    deadline = time.monotonic() + TIMEOUT
    while not condition():
        assert time.monotonic() < deadline, f"timed out waiting for {what}"
        time.sleep(0.02)


def _next_status(server: DevServer, status: dict[str, str | None]) -> dict[str, str | None]:
    """The status after the next change (long-polled, bounded by the test timeout)."""
    deadline = time.monotonic() + TIMEOUT
    while time.monotonic() < deadline:
        newer = _status(server, str(status["version"]))
        if newer["version"] != status["version"]:
            return newer
    raise AssertionError("the build status did not change")


def test_pages_are_served_with_the_reload_script_and_the_files_stay_untouched(dev: DevServer) -> None:
    code, headers, page = _get(dev, "/")
    assert code == 200 and headers["Content-Type"] == "text/html; charset=utf-8"
    assert page.count(SCRIPT_PATH.encode()) == 1 and page.rstrip().endswith(b"</html>")
    code, headers, empty = _get(dev, "/", method="HEAD")
    assert (code, headers["Content-Length"], empty) == (200, str(len(page)), b"")
    output = dev.config.output_dir
    assert page.replace(script_tag(_status(dev)["generation"] or ""), b"") == (output / "index.html").read_bytes()
    code, headers, css = _get(dev, "/assets/style.css")
    assert code == 200 and headers["Content-Type"].startswith("text/css")
    assert css == (output / "assets" / "style.css").read_bytes()
    code, headers, data = _get(dev, "/data/timeline.json")
    assert headers["Content-Type"] == "application/json" and json.loads(data)["schema"]
    assert _get(dev, "/sources")[1]["Location"] == "/sources/"
    assert b"__sitegen" in _get(dev, "/sources/")[2]
    plain = replace(dev.config, output_dir=output.parent / "plain", cache_dir=output.parent / ".plain-cache")
    build(plain)
    comparison = filecmp.dircmp(output, plain.output_dir)
    assert _differences(comparison) == []


def _differences(comparison: filecmp.dircmp[str]) -> list[str]:
    _, mismatch, errors = filecmp.cmpfiles(comparison.left, comparison.right, comparison.common_files, shallow=False)
    found = comparison.left_only + comparison.right_only + comparison.funny_files + mismatch + errors
    for sub in comparison.subdirs.values():
        found += _differences(sub)
    return found


def test_requests_outside_the_site_are_not_found(dev: DevServer) -> None:
    for target in ["/../../../../etc/passwd", "/%2e%2e/%2e%2e/%2e%2e/etc/passwd", "/..%2f..%2f..%2fetc%2fpasswd",
                   "/..\\..\\..\\etc\\passwd", "//etc/passwd", "/assets/../../content/000_76b872ba3680ac4e.txt",
                   "/%2e%2e/content/000_76b872ba3680ac4e.txt", "/%2e%2e/sitegen.toml", "/assets/%2e%2e/%2e%2e/",
                   "/no-such-page.html"]:
        code, headers, body = _get(dev, target)
        assert (code, headers["Content-Type"]) == (404, "text/html; charset=utf-8"), target
        assert b"404 Not found" in body and SCRIPT_PATH.encode() in body, target


def test_quiet_prints_errors_only_and_a_failing_first_build_recovers(project: Callable[..., Path]) -> None:
    root = project({"broken.txt": b"Not \xff UTF-8\n"})
    out, err = io.StringIO(), io.StringIO()
    with DevServer(_config(root), port=0, quiet=True, quiet_period=0.05, poll_interval=0.02,
                   out=out, err=err) as server:
        failed = _status(server)
        assert "broken.txt:1: not valid UTF-8" in str(failed["error"])
        assert _get(server, "/")[0] == 404  # nothing was ever built; the page still follows the status
        (root / "content" / "broken.txt").write_text(NEW_NOTE, encoding="utf-8")
        fixed = _next_status(server, failed)
        assert fixed["error"] is None and b"zanzibarian" in _get(server, "/")[2]
    assert out.getvalue() == ""
    assert err.getvalue().splitlines() == ["error: " + str(failed["error"])]


def test_an_edit_rebuilds_and_pages_reload_after_the_write(dev: DevServer) -> None:
    status = _status(dev)
    (dev.config.content_dir / "zz-new.txt").write_text(NEW_NOTE, encoding="utf-8")
    newer = _next_status(dev, status)
    assert newer["generation"] != status["generation"] and newer["error"] is None
    assert b"zanzibarian" in _get(dev, "/")[2]


def test_a_broken_file_is_shown_while_the_last_good_site_is_served(dev: DevServer, errors: io.StringIO) -> None:
    status = _status(dev)
    good_page = _get(dev, "/")[2]
    broken = dev.config.content_dir / "zz-broken.txt"
    broken.write_bytes(b"A title for this note\n\nIt was \xff\xfe broken on 3 May 2021.\n")
    failed = _next_status(dev, status)
    assert failed["generation"] == status["generation"]
    assert "zz-broken.txt:3: not valid UTF-8" in str(failed["error"])
    code, _, page = _get(dev, "/")
    assert code == 200 and page == good_page
    printed = errors.getvalue()
    assert "zz-broken.txt:3: not valid UTF-8" in printed and "Traceback" not in printed
    broken.write_text(NEW_NOTE, encoding="utf-8")
    fixed = _next_status(dev, failed)
    assert fixed["error"] is None and fixed["generation"] != status["generation"]
    assert b"zanzibarian" in _get(dev, "/")[2]


def test_a_config_change_reloads_it_and_a_broken_config_is_shown(dev: DevServer) -> None:
    status = _status(dev)
    config_file = dev.config.content_dir.parent / "sitegen.toml"
    config_file.write_text("title = [\n", encoding="utf-8")
    failed = _next_status(dev, status)
    assert "not valid TOML" in str(failed["error"]) and failed["generation"] == status["generation"]
    config_file.write_text('title = "Ceasefire watch"\n', encoding="utf-8")
    fixed = _next_status(dev, failed)
    assert fixed["error"] is None and b"Ceasefire watch" in _get(dev, "/")[2]


# --- the real command line -----------------------------------------------------------------------

def _lines(stream: io.TextIOBase) -> queue.Queue[str]:
    lines: queue.Queue[str] = queue.Queue()
    threading.Thread(target=lambda: [lines.put(line) for line in stream], daemon=True).start()
    return lines


def test_the_command_serves_until_ctrl_c_and_exits_cleanly(project: Callable[..., Path]) -> None:
    root = project({}, seeds=True)
    process = subprocess.Popen(
        [sys.executable, "-m", "sitegen", "serve", "--port", "0"], cwd=root, text=True,
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=dict(os.environ, PYTHONPATH=str(ROOT)),
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))  # a background shell ignores it
    try:
        stdout = _lines(process.stdout)  # type: ignore[arg-type]
        line = ""
        while "Serving" not in line:
            line = stdout.get(timeout=TIMEOUT)
        url = line.split(" at ")[1].split()[0]
        assert url.startswith("http://127.0.0.1:")
        host, port = url.removeprefix("http://").rstrip("/").split(":")
        connection = http.client.HTTPConnection(host, int(port), timeout=TIMEOUT)
        connection.request("GET", "/")
        response = connection.getresponse()
        assert response.status == 200 and SCRIPT_PATH.encode() in response.read()
        connection.close()
        process.send_signal(signal.SIGINT)
        assert process.wait(timeout=TIMEOUT) == 0
        assert "Traceback" not in process.stderr.read()  # type: ignore[union-attr]
    finally:
        if process.poll() is None:
            process.kill()
            process.wait(timeout=TIMEOUT)
            print(process.stderr.read())  # type: ignore[union-attr]  # shown when the test failed


def test_a_folder_sitegen_did_not_make_is_not_served(project: Callable[..., Path]) -> None:
    root = project({}, seeds=True)
    (root / "output").mkdir()
    (root / "output" / "private.html").write_text("<body>private</body>", encoding="utf-8")
    with DevServer(_config(root), port=0, quiet=True, out=io.StringIO(), err=io.StringIO()) as server:
        assert "sitegen did not write" in str(_status(server)["error"])
        assert _get(server, "/private.html")[0] == 404


def test_stopping_ends_open_long_polls_quietly(project: Callable[..., Path],
                                                capfd: pytest.CaptureFixture[str]) -> None:
    root = project({}, seeds=True)
    server = DevServer(_config(root), port=0, quiet=True, out=io.StringIO(), err=io.StringIO())
    server.start()
    since = _status(server)["version"]
    answers: list[object] = []
    pollers = [threading.Thread(target=lambda: answers.append(_poll_or_error(server, str(since))))
               for _ in range(3)]
    for poller in pollers:
        poller.start()
    time.sleep(0.2)  # the polls are now waiting for a change
    started = time.monotonic()
    server.stop()
    for poller in pollers:
        poller.join(TIMEOUT)
    assert time.monotonic() - started < 2 and len(answers) == 3
    assert "Traceback" not in capfd.readouterr().err


def _poll_or_error(server: DevServer, since: str) -> object:
    try:
        return _status(server, since)
    except (OSError, http.client.HTTPException) as error:
        return error


# --- a real browser (skipped where Playwright or Chromium is missing) ------------------------------

def test_a_browser_tab_reloads_and_shows_errors_escaped(browser: Any, dev: DevServer) -> None:
    """(`browser` comes first: its threads must exist before `dev` counts the running threads.)"""
    content = dev.config.content_dir
    context = browser.new_context()
    try:
        page = context.new_page()
        page.route("**/plotly.min.js", lambda route: route.fulfill(body="", content_type="text/javascript"))
        page.goto(dev.url)
        page.evaluate("window.notReloaded = true")
        (content / "zz-new.txt").write_text(NEW_NOTE, encoding="utf-8")
        page.wait_for_function("window.notReloaded === undefined", timeout=TIMEOUT * 1000)
        page.wait_for_selector("text=zanzibarian", timeout=TIMEOUT * 1000)
        page.evaluate("window.notReloaded = true")
        (content / "<img src=x onerror=window.pwned=1>.txt").write_bytes(b"not \xff UTF-8\n")
        banner = page.wait_for_selector("#sitegen-build-error", timeout=TIMEOUT * 1000)
        assert banner is not None and "<img src=x onerror=window.pwned=1>.txt:1: not valid UTF-8" in banner.inner_text()
        assert page.evaluate("[window.notReloaded, window.pwned, document.images.length]") == [True, None, 0]
        (content / "<img src=x onerror=window.pwned=1>.txt").unlink()
        page.wait_for_function("window.notReloaded === undefined", timeout=TIMEOUT * 1000)
        page.wait_for_load_state()
        assert page.query_selector("#sitegen-build-error") is None
    finally:
        context.close()
