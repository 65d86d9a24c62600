"""The cohort summary page's words and tables (mentorkit.cohort.page), on a hand-made cohort."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest

from mentorkit import ActionItem, Agreement, Candidate, CheckIn, Meeting, Workbook
from mentorkit.cohort import load_cohort
from mentorkit.cohort.page import at_risk_table, counts, headline, pairs_table, reason_lines

AS_OF = dt.date(2026, 11, 15)
D = dt.timedelta


def _agreement(wb: Workbook, start: dt.date, **ending) -> None:
    cid = wb.add(Candidate(name="Mentor", organization="Elsewhere", same_organization=False,
                           relationship="acquaintance", respect=4, values_fit=4, path_similarity=4))
    wb.add(Agreement(candidate_id=cid, mentor_name="Mentor", start=start, duration_months=12,
                     meetings_per_month=1, **ending))


def _checkin(wb: Workbook, date: dt.date, scores: tuple[int, ...]) -> None:
    names = ("value_to_me", "value_to_mentor", "interest", "encouragement", "connection", "candour",
             "wish_to_continue")
    wb.add(CheckIn(date=date, **dict(zip(names, scores))))


@pytest.fixture(scope="module")
def cohort(tmp_path_factory) -> Path:
    """steady; drifting with low follow-through and a fading check-in; ended well; ended otherwise; unreadable."""
    root = tmp_path_factory.mktemp("page")
    steady = Workbook.create(root / "steady", "Sam Steady")
    _agreement(steady, dt.date(2026, 1, 5))
    for days in (70, 40, 10):
        steady.add(Meeting(date=AS_OF - D(days=days), duration_min=45, mode="video"))

    drifting = Workbook.create(root / "drifting", "Dee Drifting")
    _agreement(drifting, dt.date(2026, 1, 5))
    first = drifting.add(Meeting(date=dt.date(2026, 2, 1), duration_min=45, mode="video"))
    drifting.add(Meeting(date=dt.date(2026, 7, 1), duration_min=45, mode="video"))
    for n, status in enumerate(("done", "open", "open", "dropped", "open")):
        drifting.add(ActionItem(description=f"step {n}", meeting_id=first, due=dt.date(2026, 3, 1) + D(days=7 * n),
                                status=status, done_on=dt.date(2026, 3, 1) if status == "done" else None))
    _checkin(drifting, dt.date(2026, 7, 1), (3, 3, 2, 3, 2, 3, 2))

    ended = Workbook.create(root / "ended", "Eli Ended")
    _agreement(ended, dt.date(2026, 1, 5), ended_on=dt.date(2026, 6, 1), ending="goals_met")
    ended.add(Meeting(date=dt.date(2026, 2, 1), duration_min=45, mode="video"))

    stepped = Workbook.create(root / "stepped", "Sol Stepped")
    _agreement(stepped, dt.date(2026, 1, 5), ended_on=dt.date(2026, 9, 1), ending="mentor_stepped_back")
    stepped.add(Meeting(date=dt.date(2026, 2, 1), duration_min=45, mode="video"))

    (root / "broken").mkdir()
    (root / "broken" / "workbook.sqlite").write_text("not a database " * 40)
    roster = root / "roster.csv"
    roster.write_text("participant_id,workbook\nsteady,steady\ndrifting,drifting\nended,ended\nstepped,stepped\n"
                      "broken,broken\n", encoding="utf-8")
    return roster


@pytest.fixture(scope="module")
def summary(cohort):
    frame, _meetings = load_cohort(cohort, AS_OF)
    return frame


def test_counts_sort_the_pairs_by_what_happened_to_them(summary):
    c = counts(summary)
    assert c["pairs"] == ["steady", "drifting", "ended", "stepped", "broken"]
    assert c["read"] == ["steady", "drifting", "ended", "stepped"]
    assert c["failed"] == ["broken"]
    assert c["excluded"] == ["ended"]  # ended well: no risk rule applies
    assert c["ended_other"] == ["stepped"]
    assert c["at_risk"] == ["drifting", "stepped"]


def test_the_headline_states_the_date_and_every_count(summary):
    shown = headline(summary, AS_OF)
    assert shown.text.splitlines()[0] == "As of 2026-11-15, 5 pairs on the roster."
    for line in ("Read: 4.", "Failed: 1 (broken): the workbook could not be read",
                 "Excluded: 1 (ended: goals_met): the relationship ended well",
                 "Ended otherwise: 1 (stepped: mentor_stepped_back)", "At risk: 2 (drifting, stepped)."):
        assert line in shown.text, line
        assert line.replace("'", "&#x27;") in shown.html or line in shown.html
    assert repr(shown) == shown.text and shown._repr_html_() == shown.html


def test_each_reason_is_in_words_with_the_pairs_numbers(summary):
    row = summary.set_index("participant_id").loc["drifting"]
    row = row.copy()
    row["participant_id"] = "drifting"
    lines = reason_lines(row)
    assert [line.split(":")[0] for line in lines] == ["drift (G5.5)", "fading (G6.4)", "low_follow_through (G5.4)"]
    assert lines[0] == f"drift (G5.5): {(AS_OF - dt.date(2026, 7, 1)).days} days since the last meeting, " \
                       f"{(AS_OF - dt.date(2026, 7, 1)).days / 30:.1f} times the planned 30 days"
    assert "health 2.6 of 5" in lines[1]
    assert lines[2] == "low_follow_through (G5.4): 1 of 5 due actions kept"


def test_the_at_risk_table_has_no_index_column_and_whole_reasons(summary):
    table = at_risk_table(summary)
    header = re.findall(r"<th[^>]*>([^<]*)</th>", table.html)
    assert header == ["pair", "why", "days since the last meeting", "follow-through", "last check-in health"]
    rows = re.findall(r"<tr>(.*?)</tr>", table.html.split("<tbody>")[1])
    first_cells = [re.findall(r"<td[^>]*>(.*?)</td>", row)[0] for row in rows]
    assert first_cells == ["drifting", "stepped"]  # most reasons first; no 0, 1, 2 column
    assert "<br>fading (G6.4)" in table.html  # one reason a line
    assert "..." not in table.html and "..." not in table.text
    assert "low_follow_through (G5.4): 1 of 5 due actions kept" in table.text


def test_every_pair_is_in_the_pairs_table_in_roster_order(summary):
    table = pairs_table(summary)
    rows = table.text.splitlines()[1:]
    assert [r.split(" | ")[0] for r in rows] == ["steady", "drifting", "ended", "stepped", "broken"]
    assert "goals_met" in rows[2] and "workbook not read" in rows[4]
    assert "<th" in table.html and ">0<" not in table.html.split("<tbody>")[0]


def test_nothing_at_risk_and_markup_in_ids_are_safe(summary):
    calm = summary[summary["participant_id"] == "steady"].copy()
    assert at_risk_table(calm).text == "No pair is at risk as of this date."
    odd = summary.copy()
    odd["participant_id"] = odd["participant_id"].replace({"drifting": "<b>x</b>"})
    assert "<b>x</b>" not in at_risk_table(odd).html and "&lt;b&gt;x&lt;/b&gt;" in at_risk_table(odd).html


def test_save_all_writes_each_figure_as_the_page_draws_it(cohort, tmp_path):
    import io

    import numpy as np
    from PIL import Image

    from mentorkit import charts as mentee_charts
    from mentorkit.cohort import charts

    frame, meetings = load_cohort(cohort, AS_OF)
    figures = {"cadence": charts.cadence_multiples(frame, meetings, AS_OF), "gas_change": charts.gas_change(frame)}
    saved = charts.save_all(figures, tmp_path / "new" / "figures")
    assert [p.name for p in saved] == ["cohort_cadence.png", "cohort_gas_change.png"]
    again = charts.save_all(figures, tmp_path / "again")
    assert [p.read_bytes() for p in again] == [p.read_bytes() for p in saved]  # reproducible: no timestamp
    for path, fig in zip(saved, figures.values(), strict=True):
        image = Image.open(path)
        assert image.info.get("dpi") == pytest.approx((charts.SAVE_DPI, charts.SAVE_DPI), abs=0.05)
        reference = io.BytesIO()
        with mentee_charts.style():
            fig.savefig(reference, format="png", dpi=charts.SAVE_DPI)
        assert np.array_equal(np.asarray(image.convert("RGB")), np.asarray(Image.open(reference).convert("RGB")))
