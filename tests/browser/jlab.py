"""Drive JupyterLab and mentorkit's forms in a browser, as a person would.

`Notebook` opens a notebook in JupyterLab, waits for its kernel and runs all
cells from the Run menu. `Form` finds a mentorkit form on the page by its CSS
classes (`mk-form-<table>`, `mk-field-<name>`, `mk-save`, `mk-status`, ...)
and types, picks and clicks in it the way a user does: click, type, Tab, so
that every ipywidget sends its value to the kernel before the button is pressed.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import time
import urllib.parse
import urllib.request

from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import Locator, Page, expect
from playwright.sync_api import TimeoutError as PlaywrightTimeout

KERNEL_TIMEOUT = 120_000  # ms: a kernel start on a busy two-core machine
RUN_TIMEOUT = 180_000  # ms: "Run All" of a notebook, first imports included
SAVE_TIMEOUT = 30_000  # ms: a click's round trip to the kernel and back

# The notebook on screen: JupyterLab may leave a background tab's panel without `lm-mod-hidden`
# for a moment (while tabs are restored after a reload), so visibility is checked too.
_PANEL = "[...document.querySelectorAll('.jp-NotebookPanel:not(.lm-mod-hidden)')].find(p => p.checkVisibility())"

# The code cells of the notebook on show, read from JupyterLab's own model (the test server exposes the
# app as `window.jupyterapp`): the notebooks hide their code, and with it the [*]/[n] prompts. Each cell
# as {running, count}; null while the page has no notebook model yet.
_CELLS = f"""
() => {{
  const app = window.jupyterapp, panel = {_PANEL};
  if (!app || !panel) return null;
  const widget = [...app.shell.widgets('main')].find(w => w.id === panel.id);
  const model = widget && widget.content && widget.content.model;
  if (!model) return null;
  const cells = [];
  for (let i = 0; i < model.cells.length; i++) {{
    const cell = model.cells.get(i);
    if (cell.type === 'code') cells.push({{running: cell.executionState === 'running', count: cell.executionCount}});
  }}
  return cells;
}}
"""

# Started once a code cell is queued, running or done.
_RUN_STARTED = f"""
() => {{
  const cells = ({_CELLS})();
  return !!cells && cells.some(c => c.running || c.count !== null);
}}
"""

# Done when every code cell has run, or as soon as one shows a traceback
# (JupyterLab then stops and leaves the rest of the cells unrun).
_RUN_FINISHED = f"""
() => {{
  const panel = {_PANEL};
  if (!panel) return false;
  if ([...panel.querySelectorAll('.jp-OutputArea-output')].some(o => /Traceback/.test(o.textContent))) return true;
  const cells = ({_CELLS})();
  return !!cells && cells.length > 0 && cells.every(c => !c.running && c.count !== null);
}}
"""

# "finished" as above; "running" while a cell runs or waits in the queue; "stalled" when none does and some
# were never run (the queue dropped: seen once, on a page reopened just after its kernel was shut down).
_RUN_STATE = f"""
() => {{
  if (({_RUN_FINISHED})()) return "finished";
  const cells = ({_CELLS})();
  if (!cells) return "waiting";
  return cells.some(c => c.running) ? "running" : "stalled";
}}
"""
STALL_S = 10.0  # how long a run may show no cell running and cells not run before it counts as dropped

# The id of the panel of the notebook at `path`, from JupyterLab's shell; null until JupyterLab has opened it.
_PANEL_ID = """
(path) => {
  const app = window.jupyterapp;
  if (!app) return null;
  const widget = [...app.shell.widgets('main')].find(w => w.context && w.context.path === path);
  return widget ? widget.id : null;
}
"""


class Notebook:
    """A notebook open in JupyterLab."""

    def __init__(self, page: Page, base_url: str, name: str):
        self.page = page
        self.name = name
        self.base_url = base_url
        self.url = f"{base_url}/lab/tree/{urllib.parse.quote(name)}.ipynb"

    @property
    def panel(self) -> Locator:
        """This notebook's own panel, by its id in JupyterLab (a background tab's panel can look visible for a
        moment); before JupyterLab has opened it, the notebook panel on show."""
        try:
            panel_id = self.page.evaluate(_PANEL_ID, f"{self.name}.ipynb")
        except PlaywrightError:  # the page is loading: no app to ask yet
            panel_id = None
        if panel_id:
            return self.page.locator(f"[id={json.dumps(panel_id)}]")
        return self.page.locator(".jp-NotebookPanel:not(.lm-mod-hidden):visible")

    def open(self) -> "Notebook":
        """Load the notebook in JupyterLab and wait until its kernel is idle."""
        self.page.goto(self.url, wait_until="domcontentloaded", timeout=KERNEL_TIMEOUT)
        expect(self.panel.locator(".jp-Notebook")).to_be_visible(timeout=KERNEL_TIMEOUT)
        self.wait_idle()
        return self

    def _kernel(self) -> dict:
        """The server's view of this notebook's kernel (`connections`, `execution_state`), {} if none yet."""
        with urllib.request.urlopen(f"{self.base_url}/api/sessions", timeout=10) as response:
            sessions = json.loads(response.read())
        for session in sessions:
            if session.get("path", "").endswith(f"{self.name}.ipynb"):
                return session.get("kernel") or {}
        return {}

    def wait_idle(self, timeout: float = KERNEL_TIMEOUT) -> None:
        """Wait until the page is connected to the notebook's kernel and the kernel is idle.

        Asked of the server: JupyterLab shows 'Idle' a moment before its session
        has a kernel (a Run All in that moment is dropped), and a narrow window
        hides the toolbar's kernel indicator.
        """
        deadline = time.monotonic() + timeout / 1000
        while time.monotonic() < deadline:
            kernel = self._kernel()
            if kernel.get("connections", 0) > 0 and kernel.get("execution_state") == "idle":
                return
            time.sleep(0.2)
        raise AssertionError(f"{self.name}: the kernel was not connected and idle within {timeout / 1000:.0f} s")

    def run_all(self) -> None:
        """Run > Run All Cells, then wait until every code cell has run; fail on the first traceback."""
        self._start_run_all()
        self._wait_run_finished()
        tracebacks = self.tracebacks()
        assert not tracebacks, f"{self.name}: a cell failed in JupyterLab:\n" + "\n\n".join(tracebacks)[:4000]
        self.wait_idle()

    def _start_run_all(self) -> None:
        for attempt in range(2):
            self.panel.locator(".jp-Notebook").click(position={"x": 5, "y": 5})
            self.page.locator(".lm-MenuBar-itemLabel", has_text=re.compile(r"^Run$")).click()
            self.page.locator(".lm-Menu-item[data-command='runmenu:run-all']").click()
            try:
                self.page.wait_for_function(_RUN_STARTED, timeout=20_000, polling=200)
                return
            except PlaywrightTimeout:
                if attempt:
                    raise AssertionError(f"{self.name}: Run All did not start any cell") from None

    def _wait_run_finished(self) -> None:
        """Wait until Run All has run every code cell; a run whose queue was dropped is started once more."""
        deadline = time.monotonic() + RUN_TIMEOUT / 1000
        stalled_since: float | None = None
        again = False
        while time.monotonic() < deadline:
            state = self.page.evaluate(_RUN_STATE)
            if state == "finished":
                return
            if state != "stalled":
                stalled_since = None
            elif stalled_since is None:
                stalled_since = time.monotonic()
            elif time.monotonic() - stalled_since > STALL_S:
                if again:
                    raise AssertionError(f"{self.name}: Run All stopped with cells not run, twice")
                again, stalled_since = True, None
                self.wait_idle()
                self._start_run_all()
            time.sleep(0.5)
        raise AssertionError(f"{self.name}: Run All did not finish within {RUN_TIMEOUT / 1000:.0f} s")

    def tracebacks(self) -> list[str]:
        """The text of every output that shows a Python traceback."""
        outputs = self.panel.locator(".jp-OutputArea-output")
        return [t for t in outputs.all_inner_texts() if "Traceback" in t]

    def code_editors_shown(self) -> int:
        """How many cell editors (code or Markdown source) are visible: none, in a notebook read as a workbook."""
        return self.panel.locator(".jp-Cell .jp-InputArea-editor:visible").count()

    def prompts(self) -> list[str]:
        """The text of every dialog (a kernel to pick, an error) and notification toast on the page."""
        return self.page.locator(".jp-Dialog, .Toastify__toast").all_inner_texts()

    def screenshot(self, path) -> None:
        """A picture of the whole notebook, top to bottom: the window grown to the notebook's height for a moment,
        the file browser folded away."""
        current = self.page.locator(".jp-SideBar.jp-mod-left .lm-TabBar-tab.lm-mod-current")
        if current.count():
            current.first.click()  # fold the left side panel
        size = self.page.viewport_size or {"width": 1280, "height": 900}
        height = self.page.evaluate(f"() => {{ const p = {_PANEL}; const s = p && p.querySelector("
                                    f"'.jp-WindowedPanel-outer'); return s ? s.scrollHeight : 0; }}")
        self.page.set_viewport_size({"width": size["width"], "height": min(max(height + 160, size["height"]), 16000)})
        try:
            self.page.wait_for_timeout(500)  # let the layout settle at the new size
            self.page.evaluate(f"() => {{ const p = {_PANEL}; const s = p && p.querySelector("
                               f"'.jp-WindowedPanel-outer'); if (s) s.scrollTop = 0; }}")
            self.page.wait_for_timeout(200)
            self.page.screenshot(path=str(path), timeout=60_000)
        finally:
            self.page.set_viewport_size(size)

    def form(self, kind: str) -> "Form":
        return Form(self.panel, kind)


class Form:
    """One mentorkit form on a page: `kind` is its table (`candidates`, `meetings`...) or `profile`."""

    def __init__(self, scope: Page | Locator, kind: str):
        self.root = scope.locator(f".mk-form-{kind}").first
        self.kind = kind

    def field(self, name: str) -> Locator:
        return self.root.locator(f".mk-field-{name}")

    def type_text(self, name: str, text: str) -> None:
        """Click into a text box or text area, replace its text, and Tab out (which syncs it)."""
        box = self.field(name).locator("input, textarea").first
        box.scroll_into_view_if_needed()
        box.click()
        box.fill(text)
        box.press("Tab")

    def type_number(self, name: str, value: int | float) -> None:
        box = self.field(name).locator("input").first
        box.scroll_into_view_if_needed()
        box.click()
        box.fill(str(value))
        box.press("Tab")

    def pick_date(self, name: str, value: dt.date) -> None:
        """Type a date into the date picker (the browser's own date input)."""
        box = self.field(name).locator("input[type=date]").first
        box.scroll_into_view_if_needed()
        box.fill(value.isoformat())
        box.press("Tab")

    def choose(self, name: str, label: str) -> None:
        """Pick an option of a dropdown by its visible label."""
        select = self.field(name).locator("select").first
        select.scroll_into_view_if_needed()
        select.select_option(label=label)

    def choose_many(self, name: str, labels: list[str]) -> None:
        select = self.field(name).locator("select").first
        select.scroll_into_view_if_needed()
        select.select_option(label=labels)

    def tick(self, name: str, on: bool = True) -> None:
        box = self.field(name).locator("input[type=checkbox]").first
        box.scroll_into_view_if_needed()
        box.set_checked(on)

    def rate(self, name: str, value: int | str) -> None:
        """Press one button of a rating/level row."""
        button = self.field(name).locator("button", has_text=re.compile(rf"^\s*{re.escape(str(value))}\s*$")).first
        button.scroll_into_view_if_needed()
        button.click()
        expect(button).to_have_class(re.compile(r"mod-active"))

    def click(self, action: str) -> None:
        """Press a form button: `save`, `update`, `delete` or `clear`."""
        button = self.root.locator(f".mk-{action}").first
        button.scroll_into_view_if_needed()
        expect(button).to_be_enabled()
        button.click()

    @property
    def status(self) -> Locator:
        return self.root.locator(".mk-status").first

    def save(self, expect_text: str | re.Pattern = "Saved") -> str:
        """Press Save and wait for the status line to say `expect_text`; returns the status text."""
        self.click("save")
        expect(self.status).to_contain_text(expect_text, timeout=SAVE_TIMEOUT)
        return self.status.inner_text()

    def error(self, name: str) -> Locator:
        return self.root.locator(f".mk-error-{name}").first

    def table_text(self) -> str:
        return self.root.locator(".mk-table").first.inner_text()

    def live_text(self) -> str:
        return "\n".join(self.root.locator(".mk-live").all_inner_texts())
