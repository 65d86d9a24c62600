"""Fixtures of the browser suite: one JupyterLab server and one Chromium for all its tests, a fresh page per test.

The suite drives Debian's Chromium (`/usr/bin/chromium`, installed by
`scripts/ensure-chromium.sh`, which `make test` runs) through Playwright. Where
either is missing, every browser test is skipped and the reason printed.
A failing test leaves a screenshot under `build/browser-screenshots/`.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from mentorkit.resources import jupyter_config_dir

from .servers import Server, start_lab, start_voila

ROOT = Path(__file__).resolve().parents[2]
NOTEBOOKS = ROOT / "notebooks"
SCREENSHOTS = ROOT / "build" / "browser-screenshots"
CHROMIUM = Path(os.environ.get("MENTORKIT_CHROMIUM", "/usr/bin/chromium"))
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]


def _why_no_browser() -> str | None:
    """None when the browser tests can run, else the reason they cannot."""
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError as exc:
        return f"playwright is not importable ({exc}); install the test extras: pip install -e '.[test]'"
    if not (CHROMIUM.is_file() and os.access(CHROMIUM, os.X_OK)):
        return f"no Chromium at {CHROMIUM}; run scripts/ensure-chromium.sh (Debian's chromium package)"
    return None


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    """Keep each phase's report on the item, so the page fixture knows whether the test failed."""
    outcome = yield
    report = outcome.get_result()
    setattr(item, f"rep_{report.when}", report)


def _copy_notebooks(target: Path) -> Path:
    skip = shutil.ignore_patterns(".ipynb_checkpoints", "*.out.ipynb", "__init__.py", "__pycache__")
    shutil.copytree(NOTEBOOKS, target, ignore=skip)
    return target


@pytest.fixture(scope="package")
def _browser_ready() -> None:
    reason = _why_no_browser()
    if reason:
        pytest.skip(reason)


@pytest.fixture(scope="package")
def lab_workbook(tmp_path_factory) -> Path:
    """Where the JupyterLab session's workbook lives; the notebooks create it on first use (MENTORKIT_NAME)."""
    return tmp_path_factory.mktemp("lab-workbook") / "my-workbook"


@pytest.fixture(scope="package")
def lab(_browser_ready, tmp_path_factory, lab_workbook) -> Server:
    """A JupyterLab server on a free loopback port, serving a temporary copy of notebooks/."""
    base = tmp_path_factory.mktemp("lab")
    root = _copy_notebooks(base / "notebooks")
    try:
        server = start_lab(root, base / "home", lab_workbook)
    except RuntimeError as exc:
        pytest.fail(str(exc), pytrace=False)
    yield server
    server.stop()


@pytest.fixture(scope="package")
def sample_lab(_browser_ready, tmp_path_factory) -> Server:
    """A second JupyterLab server, on a copy of the shipped sample mentee (for the look of every notebook)."""
    from mentorkit.sample import build_demo

    base = tmp_path_factory.mktemp("sample-lab")
    build_demo(base / "sample-workbook")
    root = _copy_notebooks(base / "notebooks")
    try:
        server = start_lab(root, base / "home", base / "sample-workbook")
    except RuntimeError as exc:
        pytest.fail(str(exc), pytrace=False)
    yield server
    server.stop()


@pytest.fixture(scope="package")
def voila_workbook(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("voila-workbook") / "my-workbook"


@pytest.fixture(scope="package")
def voila(_browser_ready, tmp_path_factory, voila_workbook) -> Server:
    """Voilà serving a temporary copy of notebooks/ as an app, the way `make app` does."""
    pytest.importorskip("voila", reason="Voilà is not installed: pip install -e '.[app]'")
    base = tmp_path_factory.mktemp("voila")
    root = _copy_notebooks(base / "notebooks")
    try:
        server = start_voila(root, base / "home", voila_workbook, jupyter_config_dir() / "voila.json")
    except RuntimeError as exc:
        pytest.fail(str(exc), pytrace=False)
    yield server
    server.stop()


@pytest.fixture(scope="package")
def browser(_browser_ready):
    """Headless Chromium, launched once for the browser tests.

    Package-scoped, as are the servers: they stop when the last browser test is done. Playwright's sync API
    holds an asyncio loop running in the main thread while it is open, which would break `asyncio.run` in
    every test collected after these (a test in tests/unit checks that none is left).
    """
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


def _screenshot_on_failure(request, page) -> None:
    report = getattr(request.node, "rep_call", None)
    if report is None or not report.failed or getattr(request.node, "_mk_screenshot", False):
        return
    request.node._mk_screenshot = True
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    name = "".join(c if c.isalnum() or c in "-_." else "_" for c in request.node.name)
    try:
        page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=True, timeout=30_000)
    except Exception as exc:  # noqa: BLE001 - a screenshot must never hide the test's own failure
        print(f"could not save a screenshot of {request.node.name}: {exc}")


def _local(url: str) -> bool:
    return url.startswith(("http://127.0.0.1:", "ws://127.0.0.1:", "data:", "blob:", "about:"))


@pytest.fixture
def page(browser, request):
    """A fresh browser tab (its own cookies and storage); a screenshot is saved if the test fails.

    `page.outside` lists every request the page tried to send off this machine, and
    `page.blocked` those the browser refused to send (the app's Content-Security-Policy).
    """
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    context.set_default_timeout(30_000)
    tab = context.new_page()
    tab.outside, tab.blocked = [], []
    tab.on("request", lambda r: None if _local(r.url) else tab.outside.append(r.url))
    tab.on("requestfailed", lambda r: tab.blocked.append(r.url) if "csp" in (r.failure or "").lower() else None)
    yield tab
    _screenshot_on_failure(request, tab)
    context.close()


@pytest.fixture
def lab_page(page, lab, request):
    """A browser tab for JupyterLab; every kernel is shut down after the test (one kernel at a time)."""
    yield page
    _screenshot_on_failure(request, page)
    try:
        lab.shutdown_kernels()
    except OSError as exc:
        print(f"could not shut the kernels down: {exc}\n{lab.log_tail()}")


@pytest.fixture
def sample_page(page, sample_lab, request):
    """A browser tab for the sample mentee's JupyterLab; its kernels are shut down after the test."""
    yield page
    _screenshot_on_failure(request, page)
    try:
        sample_lab.shutdown_kernels()
    except OSError as exc:
        print(f"could not shut the kernels down: {exc}\n{sample_lab.log_tail()}")
