"""Browser tests: Playwright driving Debian's Chromium (never a browser Playwright downloads).

Without Chromium the tests are skipped, unless LUOSHI_REQUIRE_BROWSER is set (as in CI), where a
missing browser is a failure.
"""

import os
import shutil

import pytest

# Playwright's sync API runs an event loop in the test thread; the ORM calls the fixtures make
# there are still synchronous.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]


def chromium_path() -> str | None:
    for candidate in (os.environ.get("LUOSHI_CHROMIUM"), "/usr/bin/chromium",
                      shutil.which("chromium"), shutil.which("chromium-browser")):
        if candidate and os.path.exists(candidate):
            return candidate
    return None


@pytest.fixture(scope="session")
def browser():
    path = chromium_path()
    if path is None:
        if os.environ.get("LUOSHI_REQUIRE_BROWSER"):
            pytest.fail("Chromium is required (LUOSHI_REQUIRE_BROWSER) but was not found")
        pytest.skip("Chromium not installed (apt-get install chromium)")
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=path, headless=True,
                                             args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser):
    """A page whose every Content-Security-Policy violation fails the test: each main path
    proves the pages, their scripts and ECharts run under the policy."""
    context = browser.new_context(accept_downloads=True, locale="zh-CN")
    page = context.new_page()
    page.set_default_timeout(15_000)
    violations = []
    page.on("console", lambda message: violations.append(message.text)
            if "Content Security Policy" in message.text else None)
    yield page
    context.close()
    assert not violations, violations


@pytest.fixture
def screenshots():
    """screenshots(page, name): with LUOSHI_SCREENSHOTS=DIR set, save the page at desktop and
    phone widths, for people to look at (CI does not set it)."""
    folder = os.environ.get("LUOSHI_SCREENSHOTS")

    def take(page, name: str) -> None:
        if not folder:
            return
        os.makedirs(folder, exist_ok=True)
        size = page.viewport_size
        for label, width, height in (("desktop", 1366, 900), ("phone", 390, 844)):
            page.set_viewport_size({"width": width, "height": height})
            page.screenshot(path=os.path.join(folder, f"{name}-{label}.png"), full_page=True)
        if size:
            page.set_viewport_size(size)

    return take
