"""A curator's browser: Debian's Chromium, headless, driven by Playwright.

The suite runs when Chromium is installed and skips, saying so, when it is not;
under CI (`CI` set) a missing Chromium fails it instead. Every page a test visits
is saved as a screenshot under `test-artifacts/browser/`, and any uncaught
JavaScript error, console error or Content Security Policy violation fails the
test that met it.
"""

import os
import re
import shutil
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command

from items.demo import load_demo_archive

CHROMIUM = os.environ.get("CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "browser"
# Without these Chromium keeps calling home, which this network refuses.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]

# Every document reports the violations of its Content Security Policy to the
# test through an exposed function, which outlives navigations (a list kept in
# the page would not).
REPORT_CSP_VIOLATIONS = """
document.addEventListener("securitypolicyviolation", (event) => {
  window.reportCspViolation(
    `${event.violatedDirective} blocked ${event.blockedURI || "inline"}` +
    ` at ${event.sourceFile}:${event.lineNumber} on ${document.location.pathname}`
  );
});
"""


def chromium_missing() -> str | None:
    if not Path(CHROMIUM).exists():
        return f"Chromium not found at {CHROMIUM} (apt-get install chromium)"
    try:
        import playwright  # noqa: F401
    except ImportError:
        return "Playwright for Python is not installed"
    return None


@pytest.fixture(scope="module")
def browser(django_db_setup):
    """Chromium for one test module.

    Playwright's sync API leaves an event loop marked running in this thread until
    it stops, and Django refuses ORM calls under a running loop. So the test
    database is set up before it starts, the loop lives only as long as the
    module, and only meanwhile is the ORM told it is safe (it is: the tests'
    own calls are ordinary synchronous code). A deployment refuses that setting
    (async.E001), so it is never left set for other tests.
    """
    missing = chromium_missing()
    if missing:
        if os.environ.get("CI"):
            pytest.fail(f"The browser suite is mandatory under CI: {missing}.")
        pytest.skip(f"browser suite skipped: {missing}")
    from playwright.sync_api import sync_playwright

    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(
                executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS
            )
            yield browser
            browser.close()


class Curator:
    """One curator's browser tab, with the pages it visits kept as screenshots."""

    def __init__(self, context, server, folder: Path):
        self.page = context.new_page()
        self.base_url = server.url
        self.password = server.curator_password
        self.folder = folder
        self.errors: list[str] = []
        self.shots = 0
        self.page.on("pageerror", lambda error: self.errors.append(str(error)))
        self.page.on("console", self._on_console)
        self.page.expose_function(
            "reportCspViolation",
            lambda violation: self.errors.append(f"CSP violation: {violation}"),
        )
        self.page.add_init_script(REPORT_CSP_VIOLATIONS)
        # Generous: a 2-core CI machine running two test workers, a live server
        # and Chromium has been seen to take over 15 s for the update page.
        # A page that never comes still fails, and pytest-timeout bounds a test.
        self.page.set_default_timeout(45_000)

    def _on_console(self, message):
        # Chromium logs a blocked resource as an error; a report-only policy's
        # finding is a warning, so any message naming the policy counts.
        if message.type == "error" or "Content Security Policy" in message.text:
            self.errors.append(f"console: {message.text} ({message.location})")

    def goto(self, path: str):
        response = self.page.goto(self.base_url + path)
        assert response is not None and response.status < 400, (path, response)
        self.snap()
        return self.page

    def snap(self, label: str = ""):
        """Save the page as it is now; named by order, path and label."""
        self.page.wait_for_load_state("load")
        self.shots += 1
        where = re.sub(r"[^a-z0-9]+", "-", self.page.url.split("/admin/")[-1].lower())
        name = f"{self.shots:02d}-{where.strip('-') or 'index'}"
        name = f"{name}-{label}" if label else name
        self.folder.mkdir(parents=True, exist_ok=True)
        self.page.screenshot(path=self.folder / f"{name[:120]}.png", full_page=True)

    def log_in(self, username: str = "curator"):
        self.goto("/admin/login/?next=/admin/")
        self.page.fill("#id_username", username)
        self.page.fill("#id_password", self.password)
        self.page.click("input[type=submit]")
        self.page.wait_for_url(re.compile(r"/admin/$"))
        self.snap("logged-in")

    def save(self, button: str = "Save"):
        """Press the form's save button (the one at the bottom) and wait."""
        with self.page.expect_navigation():
            self.page.locator(f"input[type=submit][value='{button}']").last.click()
        self.snap("saved")

    def pick(self, select_id: str, typed: str, choice: str):
        """Choose in an autocomplete (select2) box by typing, as a curator does."""
        self.page.locator(f"#{select_id} + .select2").click()
        search = self.page.locator(".select2-container--open .select2-search__field")
        search.fill(typed)
        option = self.page.locator(
            ".select2-results__option", has_text=re.compile(f"^{re.escape(choice)}$")
        )
        option.click()


@pytest.fixture
def archive(transactional_db, live_server, tmp_path):
    """The demo archive behind a live server, and a curator who can log in.

    The curator is made as `make run` makes one: `create_curator`, a staff login
    in the `curators` group, not a superuser.
    """
    load_demo_archive()
    password_file = tmp_path / "curator-password"
    call_command(
        "create_curator", "--password-file", str(password_file), stdout=StringIO()
    )
    live_server.curator_password = password_file.read_text().strip()
    return live_server


@pytest.fixture
def open_browser(browser, archive, request):
    """Opens a fresh browser context (a curator's own session) per call."""
    contexts, curators = [], []
    test = re.sub(r"[^A-Za-z0-9_-]+", "-", request.node.name)

    def open_(who: str = "curator") -> Curator:
        context = browser.new_context(viewport={"width": 1366, "height": 900})
        contexts.append(context)
        curator = Curator(context, archive, ARTIFACTS / test / who)
        curators.append(curator)
        return curator

    yield open_
    for context in contexts:
        context.close()
    errors = [error for curator in curators for error in curator.errors]
    assert not errors, f"JavaScript errors on the pages visited: {errors}"


@pytest.fixture
def curator_browser(open_browser) -> Curator:
    curator = open_browser()
    curator.log_in()
    return curator
