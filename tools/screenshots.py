"""Take the README's screenshots of the demo newsroom into docs/screenshots/.

    make screenshots        # or: .venv/bin/python tools/screenshots.py

A fresh demo newsroom is loaded into a scratch SQLite database and media folder, served from this
process, and photographed in Debian's headless Chromium (``CHROMIUM`` and ``CHROMEDRIVER`` name
other paths), so rerunning it after a merge shows the pages as they now are and touches no data:

- ``reader-story-lead-image.png`` and ``reader-story-lead-image-phone.png``: the Islamabad story
  with its lead image, at 1280 and 375 pixels wide;
- ``reader-front-page.png``: the home page at 1280 pixels;
- ``journalist-dashboard.png``: the journalist's back-office home, where a story the editor
  sent back shows with the editor's note.
"""

from __future__ import annotations

import os
import sys
import tempfile
import threading
from pathlib import Path
from socketserver import ThreadingMixIn
from wsgiref.simple_server import WSGIRequestHandler, WSGIServer, make_server

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "docs" / "screenshots"
PASSWORD = "screenshots-only-password"  # noqa: S105 (a throwaway database)
STORY = "/2016/12/26/washington-uneasy-as-pakistan-and-russia-draw-closer/"
WAIT_SECONDS = 20


class _Server(ThreadingMixIn, WSGIServer):
    daemon_threads = True


class _QuietHandler(WSGIRequestHandler):
    def log_message(self, format, *args):
        pass


def _prepare_environment(scratch: Path) -> None:
    os.environ.update(
        DATABASE_URL=f"sqlite:///{scratch / 'screenshots.sqlite3'}",
        MEDIA_ROOT=str(scratch / "media"),
        DJANGO_DEBUG="1",
        NEWSROOM_DEMO_PASSWORD=PASSWORD,
        NEWSROOM_PAGE_CACHE="off",
        NEWSROOM_LOGIN_THROTTLING="off",
        DJANGO_SETTINGS_MODULE="newsroom.settings",
    )
    sys.path.insert(0, str(ROOT))


def _serve():
    """The site on a free local port, in threads of this process; returns its base URL."""
    from django.contrib.staticfiles.handlers import StaticFilesHandler
    from django.core.wsgi import get_wsgi_application

    server = make_server(
        "127.0.0.1",
        0,
        StaticFilesHandler(get_wsgi_application()),
        server_class=_Server,
        handler_class=_QuietHandler,
    )
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return f"http://127.0.0.1:{server.server_port}", server


def _browser():
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    os.environ["SE_OFFLINE"] = "1"  # never download a browser
    options = webdriver.ChromeOptions()
    options.binary_location = os.environ.get("CHROMIUM", "/usr/bin/chromium")
    for argument in ["--headless=new", "--no-sandbox", "--disable-gpu", "--hide-scrollbars"]:
        options.add_argument(argument)
    service = Service(os.environ.get("CHROMEDRIVER", "/usr/bin/chromedriver"))
    return webdriver.Chrome(service=service, options=options)


def _shoot(driver, base: str, path: str, name: str, *, width: int, height: int) -> None:
    from selenium.webdriver.support.ui import WebDriverWait

    driver.execute_cdp_cmd(
        "Emulation.setDeviceMetricsOverride",
        {"width": width, "height": height, "deviceScaleFactor": 1, "mobile": False},
    )
    driver.get(base + path)
    WebDriverWait(driver, WAIT_SECONDS).until(
        lambda d: d.execute_script(
            "return document.readyState === 'complete' && "
            "[...document.images].every((img) => img.complete)"
        )
    )
    target = OUT / name
    driver.save_screenshot(str(target))
    print(f"  {target.relative_to(ROOT)}")


def _log_in(driver, base: str, username: str) -> None:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support import expected_conditions as ec
    from selenium.webdriver.support.ui import WebDriverWait

    driver.get(base + "/admin/login/")
    driver.find_element(By.ID, "id_username").send_keys(username)
    driver.find_element(By.ID, "id_password").send_keys(PASSWORD)
    old = driver.find_element(By.TAG_NAME, "html")
    driver.find_element(By.CSS_SELECTOR, "#login-form [type=submit]").click()
    wait = WebDriverWait(driver, WAIT_SECONDS)
    wait.until(ec.staleness_of(old))
    wait.until(ec.presence_of_element_located((By.ID, "user-tools")))


def main() -> None:
    with tempfile.TemporaryDirectory(prefix="screenshots-") as scratch:
        _prepare_environment(Path(scratch))
        import django
        from django.core.management import call_command

        django.setup()
        call_command("migrate", verbosity=0, interactive=False)
        call_command("load_demo_newsroom", quiet_logins=True)
        base, server = _serve()
        OUT.mkdir(parents=True, exist_ok=True)
        driver = _browser()
        try:
            _shoot(driver, base, STORY, "reader-story-lead-image.png", width=1280, height=1300)
            _shoot(driver, base, STORY, "reader-story-lead-image-phone.png", width=375, height=1100)
            _shoot(driver, base, "/", "reader-front-page.png", width=1280, height=1100)
            _log_in(driver, base, "journalist")
            _shoot(driver, base, "/admin/", "journalist-dashboard.png", width=1280, height=760)
        finally:
            driver.quit()
            server.shutdown()


if __name__ == "__main__":
    main()
