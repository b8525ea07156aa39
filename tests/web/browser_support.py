"""Helpers for tests that look at pages as a person would: strict HTML parsing and headless
Chromium driven by Selenium (the live ``semaxkg serve`` it browses is ``ld_support.LiveServer``,
the session fixture ``live_server`` of ``conftest.py``).

Chromium and its driver come from Debian (``chromium``, ``chromium-driver``; listed in
``.ci/apt-packages.txt``); Selenium is told where the driver is, so nothing is downloaded.
"""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import TYPE_CHECKING
from xml.etree import ElementTree

import html5lib

if TYPE_CHECKING:
    from flask.testing import FlaskClient
    from selenium.webdriver.remote.webdriver import WebDriver

REPO = Path(__file__).resolve().parents[2]
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
#: Seconds to wait for a page to finish what it does.
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


def get_page(client: FlaskClient, path: str) -> ElementTree.Element:
    """GET ``path`` from the app (200, HTML in UTF-8) and parse it strictly as HTML5."""
    response = client.get(path)
    assert response.status_code == 200, (path, response.status_code, response.get_data(as_text=True)[:300])
    assert response.headers["Content-Type"] == "text/html; charset=utf-8"
    return parse_page(response.get_data(as_text=True), path)


def text(element: ElementTree.Element | None) -> str:
    """The text content of an element (which must be there), whitespace collapsed."""
    assert element is not None
    return " ".join("".join(element.itertext()).split())


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
