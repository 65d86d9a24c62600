"""The mentor's check-in page in Chromium, opened from disk as a mentor would: filled in, its answer taken back
(the downloaded file and the copied text), imported, and both sides seen in notebook 05 (run by papermill).
The page makes no request: every request the browser sees is logged, and only the file itself may appear.
"""

from __future__ import annotations

import datetime as dt

import pytest

pytest.importorskip("playwright.sync_api", reason="playwright is not installed: pip install -e '.[test]'")

pytestmark = pytest.mark.browser

from playwright.sync_api import expect  # noqa: E402

from mentorkit import Agreement, CheckIn, Meeting, Workbook, mentoranswer  # noqa: E402
from mentorkit.mentorpage import make_page  # noqa: E402

TODAY = dt.date(2026, 5, 4)
MENTOR = {"value_to_mentor": 5, "value_to_mentee": 3, "interest": 5, "connection": 4, "candour": 4,
          "wish_to_continue": 5}
COMMENT = "Good questions <b>every time</b> — keep going"


@pytest.fixture
def mentee(tmp_path):
    """A mentee who guesses the value to their mentor at 2 (one-way, on their guess alone), and their page."""
    wb = Workbook.create(tmp_path / "wb", "Ana <i>Lopez</i>")
    wb.add(Agreement(start=dt.date(2026, 1, 10)))
    wb.add(Meeting(date=dt.date(2026, 4, 28), duration_min=45, mode="video"))
    wb.add(CheckIn(date=TODAY, value_to_me=4, value_to_mentor=2, interest=4, encouragement=4, connection=4,
                   candour=4, wish_to_continue=4))
    page = make_page(wb, tmp_path / "for-my-mentor.html", TODAY)
    return wb, page


def _open(page, path):
    """Open the file and log every request the tab makes (and refuse, so nothing could leave if one did)."""
    seen: list[str] = []
    page.on("request", lambda r: seen.append(r.url))
    page.context.route("**/*", lambda route: route.continue_() if route.request.url.startswith("file://")
                       else route.abort())
    page.goto(path.resolve().as_uri())
    return seen


def _fill(page) -> None:
    for name, value in MENTOR.items():
        page.locator(f'input[name="{name}"][value="{value}"]').check()
    page.locator("#comment").fill(COMMENT)
    page.locator("#make").click()


def test_a_mentor_fills_in_the_page_and_the_mentee_sees_both_sides(page, mentee, tmp_path, run_notebook, nb_text):
    wb, path = mentee
    _open(page, path)
    expect(page.locator("h1")).to_contain_text("A check-in for Ana")
    expect(page.locator("body")).not_to_contain_text("Lopez")  # the first name only
    expect(page.locator(".note")).to_contain_text("numbers only")

    page.locator('input[name="interest"][value="5"]').check()
    page.locator("#make").click()  # not every question answered
    expect(page.locator("#problem")).to_contain_text("Please rate: value to you")
    expect(page.locator("#result")).to_be_hidden()

    _fill(page)
    expect(page.locator("#result")).to_be_visible()
    text = page.locator("#answer").input_value()
    assert text.startswith(mentoranswer.PREFIX + ".")

    with page.expect_download() as caught:
        page.locator("#download").click()
    download = caught.value
    saved = tmp_path / download.suggested_filename
    download.save_as(saved)
    assert saved.name == f"mentor-checkin-Ana-{TODAY}.txt"
    done = mentoranswer.import_file(wb.path, saved)
    assert not done.replaced and done.record.comment == COMMENT
    assert {k: getattr(done.record, k) for k in MENTOR} == MENTOR

    page.locator("#copy").click()
    expect(page.locator("#copied")).not_to_be_empty()
    again = mentoranswer.import_text(wb, "My answer:\n" + text + "\n")  # the copied text, pasted
    assert again.replaced and wb.count("mentor_checkins") == 1

    nb = run_notebook("05_meetings_and_evaluation", workbook=wb.path, interactive=False, as_of=TODAY.isoformat())
    shown = nb_text(nb)
    assert "Traceback" not in shown
    assert f"Both sides of the check-in of {TODAY}" in shown
    assert "Value to your mentor: you 2, your mentor 5" in shown
    assert "Value to you: you 4, your mentor 3" in shown
    assert "Perception gap: you guessed the value to your mentor at 2 of 5; they rate it 5" in shown
    assert "every time" not in shown  # the mentor's comment is not in an unattended run's output
    assert "One-way" not in shown  # the mentor's own value (5) replaced the guess (2)


def test_the_page_makes_no_request(page, mentee, tmp_path):
    _wb, path = mentee
    seen = _open(page, path)
    _fill(page)
    with page.expect_download() as caught:
        page.locator("#download").click()
    caught.value.save_as(tmp_path / "answer.txt")
    page.locator("#copy").click()
    page.wait_for_timeout(500)
    pages = [url for url in seen if not url.startswith("data:")]  # the download is the page's own data: URL
    assert pages == [path.resolve().as_uri()], seen
    assert all(url.startswith(("file://", "data:text/plain")) for url in seen), seen
    assert not page.outside or all(u.startswith(("file://", "data:")) for u in page.outside), page.outside
