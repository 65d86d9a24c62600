"""A follow-up marked done in notebook 03 leaves the start page (DESIGN section 3: Interview.followed_up_on).

The talk is logged from this process (SQLite in WAL mode lets it write while a kernel holds the workbook);
then, in real JupyterLab, the start page shows the due follow-up, the mentee marks it done in notebook 03's
form, and the start page, run again, no longer lists it.
"""

from __future__ import annotations

import datetime as dt
import re

import pytest

pytest.importorskip("playwright.sync_api", reason="playwright is not installed: pip install -e '.[test]'")

pytestmark = pytest.mark.browser

from playwright.sync_api import expect  # noqa: E402

from mentorkit import Interview, Workbook  # noqa: E402

from .jlab import SAVE_TIMEOUT, Notebook  # noqa: E402
from .servers import MENTEE_NAME  # noqa: E402

PERSON = "Ana Ferreira"
NUDGE = f"Time to get back in touch with {PERSON}"


def _clear_outputs(page, notebook: Notebook) -> None:
    """Edit > Clear Outputs of All Cells, so that nothing from the earlier run can pass for the new one.

    The notebook's tab is clicked first: on a page reopened with two notebooks in its workspace, the other
    notebook's panel can still count as shown while its content is not (seen once: 30 s of "not visible").
    """
    page.locator("#jp-main-dock-panel .lm-TabBar-tab", has_text=f"{notebook.name}.ipynb").first.click()
    notebook.panel.locator(".jp-Notebook:visible").first.click(position={"x": 5, "y": 5})
    page.locator(".lm-MenuBar-itemLabel", has_text=re.compile(r"^Edit$")).click()
    page.locator(".lm-Menu-item[data-command='editmenu:clear-all']").click()


def _workbook(path) -> Workbook:
    return Workbook.open(path) if (path / "workbook.sqlite").exists() else Workbook.create(path, MENTEE_NAME)


def test_a_follow_up_marked_done_in_03_leaves_the_start_page(lab, lab_page, lab_workbook):
    today = dt.date.today()
    wb = _workbook(lab_workbook)
    talk_id = wb.add(Interview(person=PERSON, date=today - dt.timedelta(days=75), flow=3,
                               thanked_on=today - dt.timedelta(days=74), connection_sent=True,
                               takeaways="Her team is mostly engineers."))

    start = Notebook(lab_page, lab.url, "00_start_here").open()
    start.run_all()
    expect(start.panel.locator(".mk-journey")).to_contain_text(NUDGE, timeout=SAVE_TIMEOUT)

    talks = Notebook(lab_page, lab.url, "03_informational_interviews").open()
    talks.run_all()
    form = talks.form("follow-ups")
    select = form.field("follow_up_talk").locator("select").first
    select.scroll_into_view_if_needed()
    values = [o.get_attribute("value") for o in select.locator("option").all()]
    select.select_option(value=next(v for v in values if v.startswith(PERSON)))  # labels use no-break spaces
    form.pick_date("followed_up_on", today - dt.timedelta(days=2))
    form.click("follow-up-done")
    expect(form.status).to_contain_text(f"the follow-up with {PERSON} is recorded", timeout=SAVE_TIMEOUT)
    assert Workbook.open(lab_workbook).get("interviews", talk_id).followed_up_on == today - dt.timedelta(days=2)
    live = talks.panel.locator(".mk-live", has_text="Follow-ups").first
    expect(live).not_to_contain_text(NUDGE, timeout=SAVE_TIMEOUT)  # the panel under the form refreshed

    lab.shutdown_kernels()  # a fresh start page: a new kernel, and the old outputs cleared before running
    start = Notebook(lab_page, lab.url, "00_start_here").open()
    _clear_outputs(lab_page, start)
    expect(start.panel.locator(".mk-journey")).to_have_count(0)
    start.run_all()
    journey = start.panel.locator(".mk-journey")
    expect(journey).to_contain_text("steps done", timeout=SAVE_TIMEOUT)
    expect(journey).not_to_contain_text(NUDGE)
    assert lab_page.outside == []  # nothing left the machine
