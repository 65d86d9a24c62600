"""The vectorised cohort summary equals the per-mentee rules (`mentorkit.metrics`) on generated cohorts.

`cohort.summary` re-implements the rules of cadence, evaluation, progress and
closing over long frames for speed; the per-mentee functions are the source of
truth (DESIGN section 3). Generated workbooks cover what the sample cohort
does not: several relationships, endings on the as-of date, meetings after an
end, renegotiated actions, goals without a creation date, the mentor's answers.
"""

from __future__ import annotations

import datetime as dt
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, note, settings
from hypothesis import strategies as st

from mentorkit import ActionItem, Agreement, CheckIn, Goal, GoalLevel, Meeting, Workbook
from mentorkit.cohort.summary import csv_rows, read_cohort, summary_frame
from mentorkit.metrics import COLUMNS, EXTRA_COLUMNS, participant_row
from mentorkit.model import ENDINGS, MODES, MentorCheckIn
from mentorkit.share import preview

BASE = dt.date(2025, 6, 1)
SPAN = 420  # days: the records and the as-of date fall in this window, so gaps cross the drift limit often
DAYS = st.integers(0, SPAN).map(lambda n: BASE + dt.timedelta(days=n))
SHIFT = st.integers(-12, 12).map(lambda n: dt.timedelta(days=n))
RATING = st.integers(1, 5)
PER_MONTH = st.one_of(st.sampled_from([0.25, 1 / 3, 0.5, 1, 1.5, 2, 3, 4, 8]),
                      st.floats(0.1, 8).map(lambda x: round(x, 2)).filter(lambda x: x > 0))


@st.composite
def agreements(draw) -> list[Agreement]:
    """0 to 3 relationships in time order; an earlier one usually ended before the next started."""
    out: list[Agreement] = []
    start = BASE + dt.timedelta(days=draw(st.integers(0, SPAN // 2)))
    for _ in range(draw(st.integers(0, 3))):
        ended = draw(st.booleans())
        end = start + dt.timedelta(days=draw(st.integers(0, 150)))
        out.append(Agreement(start=start, meetings_per_month=draw(PER_MONTH), duration_months=draw(st.integers(1, 12)),
                             ended_on=end if ended else None,
                             ending=draw(st.sampled_from([e for e in ENDINGS if e])) if ended else ""))
        start = (end if ended else start) + dt.timedelta(days=draw(st.integers(0, 60)))  # a tie now and then
    return out


@st.composite
def actions(draw) -> list[ActionItem]:
    out = []
    for _ in range(draw(st.integers(0, 7))):
        due = draw(st.none() | DAYS)
        status = draw(st.sampled_from(["open", "done", "dropped", "renegotiated"]))
        anchor = due or draw(DAYS)
        renegotiated = status == "renegotiated" or draw(st.integers(0, 4)) == 0
        reneg_on = draw(st.none() | st.just(anchor) | SHIFT.map(lambda s: anchor + s)) if renegotiated else None
        out.append(ActionItem(
            description="act", due=due, status=status, owner=draw(st.sampled_from(["mentee", "mentor"])),
            done_on=anchor + draw(SHIFT) if status == "done" else None,
            renegotiated_on=reneg_on,
            renegotiated_due=anchor + dt.timedelta(days=draw(st.integers(0, 40))) if renegotiated else None))
    return out


def checkin(draw, day: dt.date) -> CheckIn:
    return CheckIn(date=day, value_to_me=draw(RATING), value_to_mentor=draw(RATING), interest=draw(RATING),
                   encouragement=draw(RATING), connection=draw(RATING), candour=draw(RATING),
                   wish_to_continue=draw(RATING), comment="private words")


def mentor_answer(draw, day: dt.date) -> MentorCheckIn:
    return MentorCheckIn(page_id=f"page{draw(st.integers(1, 3))}", date=day, value_to_mentor=draw(RATING),
                         value_to_mentee=draw(RATING), interest=draw(RATING), connection=draw(RATING),
                         candour=draw(RATING), wish_to_continue=draw(RATING), comment="their words")


@st.composite
def workbook(draw, folder: Path) -> Path:
    """A workbook with everything the summary reads, written in one transaction per table kind."""
    wb = Workbook.create(folder, "Generated Mentee")
    relationships = draw(agreements())
    for agreement in relationships:
        wb.add(agreement)
    meetings = [Meeting(date=d, duration_min=draw(st.integers(1, 240)), mode=draw(st.sampled_from(MODES)),
                        notes="private words") for d in draw(st.lists(DAYS, min_size=1, max_size=9))]
    days = draw(st.lists(DAYS, min_size=1, max_size=4))
    checkins = [checkin(draw, d) for d in days]
    answers = [mentor_answer(draw, d + draw(SHIFT)) for d in days if draw(st.booleans())]
    answers += [mentor_answer(draw, d) for d in draw(st.lists(DAYS, max_size=1))]  # one far from any check-in
    records = [*meetings, *checkins, *answers, *draw(actions())]
    with wb.transaction() as w:
        for record in records:
            w.add(record)
        for _ in range(draw(st.integers(0, 3))):
            goal = Goal(title="goal", weight=draw(st.sampled_from([0.5, 1, 2, 3, 10])),
                        baseline_level=draw(st.integers(-2, 2)), created_on=draw(st.none() | DAYS),
                        active=draw(st.integers(0, 4)) > 0)
            goal_id = w.add(goal)
            levels = [GoalLevel(goal_id=goal_id, date=day, level=draw(st.integers(-2, 2)))
                      for day in draw(st.lists(DAYS, max_size=3))]
            for level in levels:
                w.add(level)
            records += [goal, *levels]
    note(f"{folder.name}: " + "\n  ".join(repr(r) for r in [*relationships, *records]))
    return wb.path


def edges(folders) -> list[dt.date]:
    """Dates where a rule changes its mind: a relationship's start and end, and the days either side."""
    days = [BASE]
    for folder in folders:
        for agreement in Workbook.open(folder).records("agreements"):
            days += [d for d in (agreement.start, agreement.ended_on) if d is not None]
    return [d + dt.timedelta(days=k) for d in days for k in (-1, 0, 1)]


@settings(max_examples=25, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow,
                                 HealthCheck.data_too_large])
@given(data=st.data())
def test_summary_rows_equal_the_per_mentee_rules_on_generated_cohorts(tmp_path, data):
    with tempfile.TemporaryDirectory(dir=tmp_path) as tmp:
        folders = {f"p{i}": data.draw(workbook(Path(tmp) / f"p{i}"), label=f"p{i}")
                   for i in range(data.draw(st.integers(1, 3), label="participants"))}
        as_of = data.draw(DAYS | st.sampled_from(edges(folders.values())), label="as_of")
        cells = csv_rows(summary_frame(read_cohort(list(folders.items()), as_of, threads=1)))
        assert [row[0] for row in cells] == list(folders)
        for row in cells:
            wb = Workbook.open(folders[row[0]])
            expected = participant_row(wb, as_of, row[0])
            assert dict(zip(COLUMNS + EXTRA_COLUMNS, row)) == expected, f"{row[0]} as of {as_of}"
        # the mentee's preview shows the facilitator's cells (without the id)
        first = cells[0]
        assert preview(folders[first[0]], as_of=as_of).summary == dict(zip(COLUMNS[1:] + EXTRA_COLUMNS, first[1:]))
