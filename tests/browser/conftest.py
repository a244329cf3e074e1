"""Browser tests: Playwright driving Chromium against pytest-django's live server.

Debian's /usr/bin/chromium is used when present; otherwise a browser that
`playwright install chromium` downloaded. With neither, the tests skip with the
reason, unless REQUIRE_BROWSER_TESTS is set (CI), where they fail instead.
"""

import os
import shutil
from pathlib import Path

import pytest

SYSTEM_CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]


def pytest_collection_modifyitems(items):
    here = Path(__file__).parent
    for item in items:
        if here in Path(item.fspath).parents:
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args, browser_type):
    args = {**browser_type_launch_args, "args": CHROMIUM_ARGS}
    system = SYSTEM_CHROMIUM if SYSTEM_CHROMIUM.exists() else shutil.which("chromium")
    if system:
        return {**args, "executable_path": str(system)}
    if Path(browser_type.executable_path).exists():
        return args
    reason = (
        "no Chromium for the browser tests: install Debian's package "
        "(apt-get install chromium) or run 'playwright install chromium'"
    )
    if os.environ.get("REQUIRE_BROWSER_TESTS"):
        pytest.fail(reason)
    pytest.skip(reason)


@pytest.fixture
def live(live_server, transactional_db, settings):
    """The live server URL; the ORM and the server thread share committed data."""
    settings.DEBUG = False
    return live_server.url


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    """axe-core is injected as an inline script, which the portal's strict
    Content-Security-Policy would block; tests/browser/test_csp.py checks the
    pages with the policy enforced."""
    return {**browser_context_args, "bypass_csp": True}
