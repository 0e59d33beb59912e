"""A real browser for the journey tests: Debian's headless Chromium driven by Selenium.

The browser is never downloaded: Selenium is pointed at the system ``chromium`` and
``chromedriver`` (``.ci/run`` installs them when missing; the ``CHROMIUM`` and ``CHROMEDRIVER``
environment variables name other paths). Locally the journeys are skipped,
loudly, when either is absent; in CI (``CI=true``) that is a failure, so CI always runs them.
"""

from __future__ import annotations

import itertools
import os
import re
import shutil
import sys
import tempfile
from contextlib import contextmanager
from pathlib import Path

import pytest

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
CHROMEDRIVER = os.environ.get("CHROMEDRIVER", "/usr/bin/chromedriver")
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "journeys"
WAIT_SECONDS = 15
CHROMIUM_ARGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--window-size=1280,1600",
]


def _missing_browser() -> str | None:
    missing = [path for path in (CHROMIUM, CHROMEDRIVER) if not os.access(path, os.X_OK)]
    try:
        import selenium  # noqa: F401
    except ImportError:
        missing.append("the selenium package (requirements-dev.txt)")
    return ", ".join(missing) or None


_not_run: list[str] = []


def pytest_terminal_summary(terminalreporter):
    """Say it once more, uncaptured, at the very end of the run."""
    if _not_run:
        terminalreporter.write_sep("!", "WARNING: browser journeys skipped", red=True, bold=True)
        terminalreporter.write_line(_not_run[0], red=True, bold=True)


@pytest.fixture(scope="session")
def chromium_driver(live_server):
    """One headless Chromium for the whole session, with a fresh profile in a temporary folder.

    It asks for ``live_server`` so that it quits first: a keep-alive connection still open when
    the server stops makes the server thread touch the shared in-memory SQLite connection from
    the wrong thread.
    """
    missing = _missing_browser()
    if missing:
        reason = (
            f"BROWSER JOURNEYS NOT RUN: missing {missing}. "
            "Install Debian's chromium and chromium-driver (apt-get install chromium chromium-driver)."
        )
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(reason, pytrace=False)
        print(f"\n*** WARNING: {reason} ***\n", file=sys.stderr)
        _not_run.append(reason)
        pytest.skip(reason)

    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    os.environ["SE_OFFLINE"] = "1"  # Selenium Manager must never try to download a browser
    profile = tempfile.mkdtemp(prefix="journeys-chromium-")
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for argument in [*CHROMIUM_ARGS, f"--user-data-dir={profile}"]:
        options.add_argument(argument)
    driver = webdriver.Chrome(service=Service(CHROMEDRIVER), options=options)
    driver.set_page_load_timeout(30)
    try:
        yield driver
    finally:
        driver.quit()
        shutil.rmtree(profile, ignore_errors=True)


class Browser:
    """The driver plus the few verbs the journeys use, each waiting explicitly.

    Every verb that leaves the page waits for the next one (``navigation()``) before it returns,
    so no element of the old page is ever used once the browser has started to replace it:
    that is what "Node with given id does not belong to the document" reported.
    """

    _pages = itertools.count(1)

    def __init__(self, driver, base_url: str):
        from selenium.webdriver.support.ui import WebDriverWait

        self.driver = driver
        self.base_url = base_url
        self.wait = WebDriverWait(driver, WAIT_SECONDS)
        self.shots: list[Path] = []

    @contextmanager
    def navigation(self):
        """Wait, after the ``with`` block, until another page has replaced this one and loaded.

        The page is marked with a fresh token in its ``window``; a new document has a new
        ``window`` without it (and a page restored from the back-forward cache an older one).
        Script calls made while the old page unloads may fail: they are retried, not reported.
        """
        from selenium.common.exceptions import WebDriverException
        from selenium.webdriver.support.ui import WebDriverWait

        token = next(self._pages)
        self.driver.execute_script("window.journeyPage = arguments[0]", token)
        yield
        WebDriverWait(self.driver, WAIT_SECONDS, ignored_exceptions=(WebDriverException,)).until(
            lambda driver: driver.execute_script(
                "return window.journeyPage !== arguments[0] && document.readyState === 'complete'",
                token,
            ),
            f"the page after {self.driver.current_url} did not load",
        )

    def get(self, path: str) -> None:
        with self.navigation():
            self.driver.get(self.base_url + path)

    def back(self) -> None:
        with self.navigation():
            self.driver.back()

    def find(self, css: str):
        from selenium.webdriver.support import expected_conditions as ec

        return self.wait.until(ec.visibility_of_element_located(("css selector", css)))

    def find_all(self, css: str):
        return self.driver.find_elements("css selector", css)

    def clickable(self, css: str):
        from selenium.webdriver.support import expected_conditions as ec

        return self.wait.until(ec.element_to_be_clickable(("css selector", css)))

    def click(self, css: str) -> None:
        """Click something that stays on this page (a button that opens a box, a checkbox)."""
        element = self.clickable(css)
        self.driver.execute_script("arguments[0].scrollIntoView({block: 'center'})", element)
        element.click()

    def link(self, text: str):
        from selenium.webdriver.support import expected_conditions as ec

        return self.wait.until(ec.element_to_be_clickable(("link text", text)))

    def pick(self, by: str, locator: str) -> None:
        """Click what ``locator`` finds in a list a script redraws as answers arrive (select2's
        results, the topic suggestions): if the list is redrawn between finding the element
        and clicking it, find it again in the new list, rather than fail on a stale element."""
        from selenium.common.exceptions import (
            ElementNotInteractableException,
            NoSuchElementException,
            StaleElementReferenceException,
        )
        from selenium.webdriver.support.ui import WebDriverWait

        def click(driver) -> bool:
            driver.find_element(by, locator).click()
            return True

        redrawn = (
            NoSuchElementException,
            StaleElementReferenceException,
            ElementNotInteractableException,
        )
        WebDriverWait(self.driver, WAIT_SECONDS, ignored_exceptions=redrawn).until(
            click, f"nothing to pick at {locator}"
        )

    def follow(self, element) -> None:
        """Click a link or button that leads to another page, and wait for that page."""
        self.driver.execute_script("arguments[0].scrollIntoView({block: 'center'})", element)
        with self.navigation():
            element.click()

    def type(self, css: str, text: str, *, clear: bool = True) -> None:
        element = self.find(css)
        if clear:
            element.clear()
        element.send_keys(text)

    def submit_and_wait(self, css: str) -> None:
        """Click a submit button and wait until the next page has replaced this one."""
        self.follow(self.clickable(css))

    @contextmanager
    def window_width(self, width: int, height: int = 900):
        """Lay the page out as a screen ``width`` CSS pixels wide (a phone at 375), whatever the
        smallest window the browser allows; back to the usual window afterwards."""
        self.driver.execute_cdp_cmd(
            "Emulation.setDeviceMetricsOverride",
            {"width": width, "height": height, "deviceScaleFactor": 1, "mobile": False},
        )
        try:
            yield
        finally:
            self.driver.execute_cdp_cmd("Emulation.clearDeviceMetricsOverride", {})

    def wait_for_text(self, text: str, css: str = "body") -> None:
        from selenium.webdriver.support import expected_conditions as ec

        self.wait.until(ec.text_to_be_present_in_element(("css selector", css), text))

    def page_text(self) -> str:
        return self.driver.find_element("tag name", "body").text

    def page_source(self) -> str:
        return self.driver.page_source

    def screenshot(self, name: str, *, full_page: bool = True, element=None) -> Path:
        """Save ``test-artifacts/journeys/NN-name.png``, numbered across the session.

        The whole page by default, the window with ``full_page=False``, or just ``element``.
        """
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        number = len(list(ARTIFACTS.glob("[0-9][0-9]-*.png"))) + 1
        path = ARTIFACTS / f"{number:02d}-{re.sub(r'[^a-z0-9]+', '-', name.lower())}.png"
        if element is not None:
            element.screenshot(str(path))
            self.shots.append(path)
            return path
        if full_page:
            height = self.driver.execute_script("return document.documentElement.scrollHeight")
            self.driver.set_window_size(1280, min(max(height, 800), 6000))
        self.driver.save_screenshot(str(path))
        self.driver.set_window_size(1280, 1600)
        self.shots.append(path)
        return path


@pytest.fixture(scope="session")
def _clean_artifacts():
    if ARTIFACTS.is_dir():
        for old in ARTIFACTS.glob("*.png"):
            old.unlink()


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    report = yield
    if report.when == "call":
        item.journey_failed = report.failed
    return report


@pytest.fixture
def browser(request, chromium_driver, live_server, _clean_artifacts):
    chromium_driver.delete_all_cookies()
    browser = Browser(chromium_driver, live_server.url)
    yield browser
    if getattr(request.node, "journey_failed", False):
        browser.screenshot(f"failed-{request.node.name}")
