"""Helpers for tests that look at pages as a person would: strict HTML parsing, a live
``semaxkg serve`` on a free port of 127.0.0.1, and headless Chromium driven by Selenium.

Chromium and its driver come from Debian (``chromium``, ``chromium-driver``; listed in
``.ci/apt-packages.txt``); Selenium is told where the driver is, so nothing is downloaded.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path
from typing import TYPE_CHECKING
from xml.etree import ElementTree

import html5lib
import requests

if TYPE_CHECKING:
    from selenium.webdriver.remote.webdriver import WebDriver

REPO = Path(__file__).resolve().parents[2]
BUILT_DATA = REPO / "data" / "ttl" / "semaxkg.nq"
#: Screenshots are kept here as test artefacts (git-ignored; ``.ci/run`` prints the folder).
SCREENSHOTS = REPO / "tests" / "artifacts" / "screenshots"
#: What a browser sends (Firefox, Chrome and Safari send this list or a longer one).
BROWSER_ACCEPT = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"
#: Where Debian puts the browser and its driver.
CHROMIUM_NAMES = ("chromium", "chromium-browser")
CHROMEDRIVER_NAMES = ("chromedriver",)
#: The flags of a headless browser in a container: no sandbox (we run as root), no GPU, no
#: /dev/shm (small in containers), no network of its own (updates, safe browsing).
CHROMIUM_FLAGS = (
    "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
    "--disable-background-networking", "--no-first-run", "--window-size=1280,1000",
)
#: Seconds to wait for the server to answer /health, and for a page to finish what it does.
SERVER_START_SECONDS = 60
PAGE_WAIT_SECONDS = 20


#: html5lib 1.1 follows an older draft of the HTML standard, which flagged a bare ``&`` before
#: letters that name no character (``href="?kind=a&status=b"``); today's standard reads it as a
#: plain ``&``, so that code alone is not counted. (``&not`` *without* ``;``, which does turn
#: into a character, is still an error: ``named-entity-without-semicolon``.)
OUTDATED_HTML5LIB_ERRORS = frozenset({"expected-named-entity"})


class HtmlParseError(AssertionError):
    """The page does not parse as HTML without errors (unclosed or mismatched tags…)."""


def parse_page(text: str, where: str = "page") -> ElementTree.Element:
    """Parse ``text`` as HTML5; any parse error fails with its ``line:column`` and code."""
    parser = html5lib.HTMLParser(tree=html5lib.getTreeBuilder("etree"),
                                 namespaceHTMLElements=False)
    root: ElementTree.Element = parser.parse(text)
    errors = [f"{where}:{line}:{column}: {code} {data or ''}".rstrip()
              for (line, column), code, data in parser.errors
              if code not in OUTDATED_HTML5LIB_ERRORS]
    if errors:
        raise HtmlParseError("\n".join(errors))
    return root


def free_port() -> int:
    """A free TCP port on 127.0.0.1."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


class LiveSite:
    """``semaxkg serve`` on the built graph, on a free port of 127.0.0.1, until :meth:`stop`."""

    def __init__(self, log: Path, data: Path = BUILT_DATA) -> None:
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self._log = log.open("wb")
        self.log_path = log
        self.process = subprocess.Popen(
            [sys.executable, "-m", "semaxkg.cli", "serve", "--port", str(self.port),
             "--workers", "2", "--data", str(data)],
            stdout=self._log, stderr=subprocess.STDOUT, cwd=REPO, env=dict(os.environ),
        )
        deadline = time.monotonic() + SERVER_START_SECONDS
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                break
            try:
                if requests.get(f"{self.url}/health", timeout=1).ok:
                    return
            except requests.ConnectionError:
                time.sleep(0.1)
        self.stop()
        raise RuntimeError(f"semaxkg serve did not start:\n{log.read_text()}")

    def stop(self) -> None:
        """Stop the server (SIGTERM, then SIGKILL) and close its log."""
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self._log.close()


def find_chromium() -> tuple[str, str] | str:
    """``(browser, driver)`` paths, or the reason the browser tests must skip."""
    browser = next((path for name in CHROMIUM_NAMES if (path := shutil.which(name))), None)
    driver = next((path for name in CHROMEDRIVER_NAMES if (path := shutil.which(name))), None)
    if browser is None or driver is None:
        return (f"no Chromium found (browser: {browser}, driver: {driver}): install the Debian "
                "packages chromium and chromium-driver (.ci/apt-packages.txt)")
    try:
        import selenium  # noqa: F401
    except ImportError:
        return "selenium is not installed: pip install -e '.[test]'"
    return browser, driver


def start_chromium(browser: str, driver: str) -> WebDriver:
    """A headless Chromium driven through Debian's chromedriver (no download)."""
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = browser
    for flag in CHROMIUM_FLAGS:
        options.add_argument(flag)
    session = webdriver.Chrome(options=options, service=Service(executable_path=driver))
    session.set_page_load_timeout(PAGE_WAIT_SECONDS)
    return session


def screenshot(session: WebDriver, name: str) -> Path:
    """Save the whole page as ``SCREENSHOTS/<name>.png`` and return the path."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    # Grow the window to the page's height so the file shows all of it, as a person scrolls.
    height = session.execute_script(
        "return Math.max(document.body.scrollHeight, document.documentElement.scrollHeight)")
    session.set_window_size(1280, min(max(int(height), 800), 6000))
    session.save_screenshot(str(path))
    session.set_window_size(1280, 1000)
    return path
