"""A minimal W3C WebDriver client over urllib, for Debian's chromium-driver.

The test stack has no browser library, and test tools may not download browsers; chromedriver's
HTTP protocol needs nothing but the standard library.
"""

from __future__ import annotations

import json
import shutil
import socket
import subprocess
import time
import urllib.error
import urllib.request
from pathlib import Path

ELEMENT = "element-6066-11e4-a52e-4f735466cecf"
CHROMIUM_FLAGS = [
    "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-quic",
    "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync",
    "--window-size=1280,900",
]


def find_browser() -> tuple[str, str] | None:
    """``(chromium, chromedriver)`` paths, or None when either is not installed."""
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    driver = shutil.which("chromedriver")
    return (chromium, driver) if chromium and driver else None


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class WebDriverError(RuntimeError):
    pass


class Browser:
    def __init__(self, chromium: str, driver: str, profile: Path, record_requests: bool = False):
        self.port = free_port()
        self.process = subprocess.Popen([driver, f"--port={self.port}"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        self.base = f"http://127.0.0.1:{self.port}"
        deadline = time.monotonic() + 20
        while True:
            try:
                if self._call("GET", "/status")["ready"]:
                    break
            except (OSError, WebDriverError):
                pass
            if time.monotonic() > deadline:
                self.process.kill()
                raise WebDriverError("chromedriver did not start within 20 s")
            time.sleep(0.1)
        options = {"binary": chromium, "args": [*CHROMIUM_FLAGS, f"--user-data-dir={profile}"]}
        match = {"browserName": "chrome", "goog:chromeOptions": options}
        if record_requests:
            # Chromium's DevTools network events, read back by ``requested_urls``.
            match["goog:loggingPrefs"] = {"performance": "ALL"}
        capabilities = {"capabilities": {"alwaysMatch": match}}
        self.session = self._call("POST", "/session", capabilities)["sessionId"]

    def _call(self, method: str, path: str, body: dict | None = None):
        data = json.dumps(body).encode() if body is not None else None
        request = urllib.request.Request(self.base + path, data=data, method=method, headers={"Content-Type": "application/json"})
        try:
            with urllib.request.urlopen(request, timeout=60) as response:
                return json.loads(response.read())["value"]
        except urllib.error.HTTPError as error:
            raise WebDriverError(error.read().decode(errors="replace")) from None

    def _session(self, method: str, path: str, body: dict | None = None):
        return self._call(method, f"/session/{self.session}{path}", body)

    def get(self, url: str) -> None:
        self._session("POST", "/url", {"url": url})

    @property
    def url(self) -> str:
        return self._session("GET", "/url")

    def script(self, source: str, *args):
        return self._session("POST", "/execute/sync", {"script": source, "args": list(args)})

    def script_async(self, source: str, *args):
        """Run ``source``; it ends by calling ``arguments[arguments.length - 1](value)``."""
        return self._session("POST", "/execute/async", {"script": source, "args": list(args)})

    def find(self, css: str) -> str:
        return self._session("POST", "/element", {"using": "css selector", "value": css})[ELEMENT]

    def click(self, element: str) -> None:
        self._session("POST", f"/element/{element}/click", {})

    def type(self, element: str, text: str) -> None:
        self._session("POST", f"/element/{element}/value", {"text": text})

    def set_window_size(self, width: int, height: int) -> None:
        self._session("POST", "/window/rect", {"width": width, "height": height})

    def devtools(self, command: str, params: dict | None = None):
        """A Chrome DevTools Protocol command, through chromedriver."""
        return self._session("POST", "/goog/cdp/execute", {"cmd": command, "params": params or {}})

    def requests(self) -> list[tuple[str, str]]:
        """``(document URL, requested URL)`` of every request since the last call (needs
        ``record_requests``). The document tells the pages' requests from the browser's own."""
        made = []
        for entry in self._session("POST", "/se/log", {"type": "performance"}):
            message = json.loads(entry["message"])["message"]
            if message["method"] == "Network.requestWillBeSent":
                made.append((message["params"].get("documentURL", ""), message["params"]["request"]["url"]))
        return made

    def hover(self, element: str) -> None:
        """Move the mouse pointer onto the element's centre, as a reader hovering it."""
        move = {"type": "pointerMove", "duration": 100, "origin": {ELEMENT: element}, "x": 0, "y": 0}
        self._session("POST", "/actions", {"actions": [{"type": "pointer", "id": "mouse", "actions": [move]}]})

    def wait_for(self, condition, timeout: float = 15.0, interval: float = 0.05):
        deadline = time.monotonic() + timeout
        while True:
            value = condition()
            if value:
                return value
            if time.monotonic() > deadline:
                return value
            time.sleep(interval)

    def wait_for_requests_to_settle(self, quiet: float = 0.5, timeout: float = 10.0) -> list[str]:
        """The URLs the page has fetched, once the page has loaded and no request has ended for
        ``quiet`` seconds (the requests its scripts make after loading included)."""
        count_script = "return document.readyState === 'complete' ? performance.getEntriesByType('resource').length : -1"
        deadline = time.monotonic() + timeout
        count, since = self.script(count_script), time.monotonic()
        while time.monotonic() < deadline:
            time.sleep(0.05)
            now = self.script(count_script)
            if now != count:
                count, since = now, time.monotonic()
            elif count >= 0 and time.monotonic() - since >= quiet:
                break
        return self.script("return performance.getEntriesByType('resource').map(e => e.name)")

    def quit(self) -> None:
        try:
            self._call("DELETE", f"/session/{self.session}")
        finally:
            self.process.terminate()
            self.process.wait(timeout=10)


def material_search(browser: Browser, page_url: str, query: str, timeout: float = 30.0) -> list[str]:
    """Type ``query`` into the search box of the page at ``page_url`` (the header field of a
    desktop-wide window) and return the addresses of the results shown."""
    browser.get(page_url)
    field = browser.find("input.md-search__input")
    browser.click(field)
    browser.type(field, query)
    return browser.wait_for(lambda: browser.script(
        "return Array.from(document.querySelectorAll('.md-search-result__item a')).map(a => a.href)"
    ), timeout=timeout) or []
