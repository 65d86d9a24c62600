"""Each chart's content, checked on the figure itself (mentorkit.charts)."""

from __future__ import annotations

import datetime as dt

import matplotlib.colors as mcolors
import matplotlib.dates as mdates
import pytest

from mentorkit import ActionItem, Agreement, CheckIn, Goal, GoalLevel, Meeting, charts
from mentorkit.progress import gas_tscore

D = dt.date


def _texts(fig) -> list[str]:
    """Every piece of text in a figure: title, subtitles, labels, annotations, legends, tick labels."""
    out = [fig.get_suptitle()] + [t.get_text() for t in fig.texts]
    for ax in fig.axes:
        out += [ax.get_title(loc) for loc in ("left", "center", "right")]
        out += [ax.get_xlabel(), ax.get_ylabel()]
        out += [t.get_text() for t in ax.texts]
        out += [t.get_text() for t in ax.get_xticklabels() + ax.get_yticklabels()]
        legend = ax.get_legend()
        if legend is not None:
            out += [t.get_text() for t in legend.get_texts()]
    return [t for t in out if t]


def _by_gid(fig, gid: str) -> list:
    return [a for ax in fig.axes for a in ax.get_children() if a.get_gid() == gid]


def _xdates(values) -> list[dt.date]:
    return [mdates.num2date(v).date() if isinstance(v, float) else (v if isinstance(v, dt.date) else v.date())
            for v in values]


def _meetings(wb, *days: dt.date):
    wb.add_many([Meeting(date=d, duration_min=45, mode="video") for d in days])


def _is_not_enough(fig) -> bool:
    return charts.NOT_ENOUGH in _texts(fig)


# -- not enough data: empty and single-point -------------------------------------------------


@pytest.mark.parametrize("name", list(charts.CHARTS))
def test_every_chart_on_an_empty_workbook_says_not_enough_data(new_workbook, name):
    fig = charts.CHARTS[name](new_workbook, D(2026, 6, 1))
    assert _is_not_enough(fig)
    assert fig.get_suptitle()  # still titled, so an exported file says what it is


def test_single_points_give_the_not_enough_figure(new_workbook):
    wb, today = new_workbook, D(2026, 6, 1)
    _meetings(wb, D(2026, 3, 1))
    gid = wb.add(Goal(title="One goal", created_on=D(2026, 1, 1)))
    wb.add(ActionItem(description="Only one", due=D(2026, 4, 1), status="done", done_on=D(2026, 3, 30)))
    wb.add(CheckIn(date=D(2026, 5, 1), value_to_me=4, value_to_mentor=4, interest=4, encouragement=4, connection=4,
                   candour=4, wish_to_continue=4))
    for name in charts.CHARTS:
        assert _is_not_enough(charts.CHARTS[name](wb, today)), name
    wb.add(GoalLevel(goal_id=gid, date=D(2026, 7, 1), level=1))  # after as_of: does not count yet
    assert _is_not_enough(charts.gas_progress(wb, today))


# -- meeting cadence ------------------------------------------------------------------------


def test_meeting_cadence_marks_the_long_gap_only(new_workbook):
    wb = new_workbook
    _meetings(wb, D(2026, 1, 1), D(2026, 1, 31), D(2026, 4, 15))  # 30 days, then 74 (> 45)
    fig = charts.meeting_cadence(wb, D(2026, 5, 1))
    assert fig.get_suptitle() == "Meeting cadence: planned and actual"
    (held,) = _by_gid(fig, "actual")
    assert len(held.get_offsets()) == 3
    flags = _by_gid(fig, "gap-flag")
    assert len(flags) == 1
    assert _xdates(flags[0].get_xdata()) == [D(2026, 1, 31), D(2026, 4, 15)]
    notes = [t.get_text() for t in _by_gid(fig, "gap-note")]
    assert notes == ["74 days\n> 45-day limit"]
    # No agreement: the plan shown is monthly from the first meeting (G4.2), up to as_of.
    (planned,) = _by_gid(fig, "planned")
    assert len(planned.get_offsets()) == 5  # 1 Jan, 1 Feb, 1 Mar, 1 Apr, 1 May (as_of itself)
    assert any("no agreement" in t for t in _texts(fig))
    assert fig.axes[0].get_xlabel() == "Date"


def test_meeting_cadence_flags_the_open_gap_since_the_last_meeting(new_workbook):
    wb = new_workbook
    _meetings(wb, D(2026, 1, 1), D(2026, 1, 31))
    fig = charts.meeting_cadence(wb, D(2026, 3, 18))  # 46 days since the last meeting
    (flag,) = _by_gid(fig, "gap-flag")
    assert flag.get_linestyle() == "--"
    assert [t.get_text() for t in _by_gid(fig, "gap-note")] == ["46 days so far\n> 45-day limit"]
    assert not _by_gid(charts.meeting_cadence(wb, D(2026, 3, 17)), "gap-flag")  # exactly 45: not flagged


def test_meeting_cadence_follows_the_agreement(new_workbook):
    wb = new_workbook
    wb.add(Agreement(start=D(2026, 1, 1), duration_months=6, meetings_per_month=2))
    _meetings(wb, D(2026, 1, 1), D(2026, 1, 20), D(2026, 2, 15))  # 19, then 26 days: limit is 22.5
    fig = charts.meeting_cadence(wb, D(2026, 2, 20))
    (planned,) = _by_gid(fig, "planned")
    assert len(planned.get_offsets()) == 4  # 1 Jan, 16 Jan, 1 Feb, 16 Feb
    (flag,) = _by_gid(fig, "gap-flag")
    assert _xdates(flag.get_xdata()) == [D(2026, 1, 20), D(2026, 2, 15)]
    assert any("Gaps over 22.5 days" in t for t in _texts(fig))


# -- days between meetings ------------------------------------------------------------------


def test_days_between_meetings_bars_and_limits(new_workbook):
    wb = new_workbook
    _meetings(wb, D(2026, 1, 1), D(2026, 1, 31), D(2026, 4, 15))
    fig = charts.days_between_meetings(wb, D(2026, 5, 1))
    ax = fig.axes[0]
    bars = list(ax.patches)
    assert [round(b.get_height()) for b in bars] == [30, 74, 16]
    flag = mcolors.to_rgba(charts.FLAG)
    assert [b.get_facecolor() == flag for b in bars] == [False, True, False]
    assert [b.get_hatch() for b in bars] == [None, None, "//"]  # the open gap is hatched
    (limit,) = _by_gid(fig, "drift-limit")
    assert list(limit.get_ydata()) == [45, 45]
    (planned,) = _by_gid(fig, "planned-interval")
    assert list(planned.get_ydata()) == [30, 30]
    assert [t.get_text() for t in ax.get_xticklabels()] == ["to 31 Jan", "to 15 Apr", "to 01 May\n(open)"]
    assert [t.get_text() for t in _by_gid(fig, "gap-note")] == ["74"]
    assert ax.get_ylabel() == "Days since the previous meeting"


# -- cumulative meetings --------------------------------------------------------------------


def test_cumulative_meetings_against_the_plan(new_workbook):
    wb = new_workbook
    wb.add(Agreement(start=D(2026, 1, 1), duration_months=12, meetings_per_month=1))
    _meetings(wb, D(2026, 1, 5), D(2026, 2, 3), D(2026, 4, 20))
    fig = charts.cumulative_meetings(wb, D(2026, 5, 10))
    (held,) = _by_gid(fig, "held")
    (planned,) = _by_gid(fig, "planned")
    assert list(held.get_ydata())[-1] == 3
    assert list(planned.get_ydata())[-1] == 5  # 1 Jan ... 1 May
    (status,) = _by_gid(fig, "status")
    assert status.get_text() == "3 held, 5 planned by 10 May 2026: 2 behind"
    assert fig.axes[0].get_ylabel() == "Meetings (cumulative count)"


# -- GAS ------------------------------------------------------------------------------------


def _goals(wb):
    a = wb.add(Goal(title="Lead a $5k project", weight=2, baseline_level=-1, created_on=D(2026, 1, 1)))
    b = wb.add(Goal(title="Speak at a meetup", baseline_level=-2, created_on=D(2026, 1, 1)))
    wb.add_many([GoalLevel(goal_id=a, date=D(2026, 4, 1), level=0), GoalLevel(goal_id=b, date=D(2026, 4, 1), level=1),
                 GoalLevel(goal_id=a, date=D(2026, 7, 1), level=1)])
    return a, b


def test_gas_chart_plots_the_tscore_and_each_goal(new_workbook):
    wb = new_workbook
    a, b = _goals(wb)
    fig = charts.gas_progress(wb, D(2026, 8, 1))
    (line,) = _by_gid(fig, "tscore")
    expected = [gas_tscore([-1, -2], [2, 1]), gas_tscore([0, 1], [2, 1]), gas_tscore([1, 1], [2, 1])]
    assert list(line.get_ydata()) == pytest.approx(expected + expected[-1:])  # carried to as_of
    assert _xdates(line.get_xdata()) == [D(2026, 1, 1), D(2026, 4, 1), D(2026, 7, 1), D(2026, 8, 1)]
    (level_a,) = _by_gid(fig, f"level-{a}")
    (level_b,) = _by_gid(fig, f"level-{b}")
    assert [round(y) for y in level_a.get_ydata()] == [-1, 0, 1, 1]
    assert [round(y) for y in level_b.get_ydata()] == [-2, 1, 1, 1]
    texts = _texts(fig)
    assert r"Lead a \$5k project (weight 2)" in texts  # `$` escaped: no mathtext
    assert "Speak at a meetup (weight 1)" in texts
    assert f"T = {expected[-1]:.1f}" in texts
    assert "GAS T-score" in texts and "Level (GAS scale)" in texts
    fig.canvas.draw()  # renders, the `$` included


def test_gas_chart_anonymous_hides_goal_titles(new_workbook):
    wb = new_workbook
    a, b = _goals(wb)
    texts = _texts(charts.gas_progress(wb, D(2026, 8, 1), anonymous=True))
    assert f"Goal {a} (weight 2)" in texts
    assert not any("meetup" in t or "project" in t for t in texts)


# -- follow-through -------------------------------------------------------------------------


def test_follow_through_by_month(new_workbook):
    wb = new_workbook
    wb.add_many([
        ActionItem(description="a", due=D(2026, 1, 10), status="done", done_on=D(2026, 1, 9)),
        ActionItem(description="b", due=D(2026, 1, 20), status="done", done_on=D(2026, 1, 21)),  # late
        ActionItem(description="c", due=D(2026, 3, 5), status="dropped"),
        ActionItem(description="d", due=D(2026, 3, 6), status="renegotiated", renegotiated_on=D(2026, 3, 1),
                   renegotiated_due=D(2026, 3, 31)),  # kept: renegotiated in time, new date is today
        ActionItem(description="e", due=D(2026, 5, 1)),  # not due yet
    ])
    fig = charts.follow_through_by_month(wb, D(2026, 3, 31))
    ax = fig.axes[0]
    assert [t.get_text() for t in ax.get_xticklabels()] == ["Jan 2026", "Feb 2026", "Mar 2026"]
    kept = _by_gid(fig, "kept")
    missed = _by_gid(fig, "not-kept")
    assert [p.get_height() for p in kept] == [1, 0, 1]
    assert [p.get_height() for p in missed] == [1, 0, 1]
    assert [p.get_y() for p in missed] == [1, 0, 1]  # stacked on the kept ones
    assert [t.get_text() for t in _by_gid(fig, "month-rate")] == ["50%", "50%"]
    assert any(t.startswith("Overall: 2 of 4 due actions kept (50%)") for t in _texts(fig))
    assert ax.get_ylabel() == "Actions due (count)"


# -- relationship health --------------------------------------------------------------------


def _checkin(day, **ratings):
    base = dict(value_to_me=4, value_to_mentor=4, interest=4, encouragement=4, connection=4, candour=4,
                wish_to_continue=4)
    base.update(ratings)
    return CheckIn(date=day, **base)


def test_relationship_health_lines_and_recommendation(new_workbook):
    wb = new_workbook
    _meetings(wb, D(2026, 1, 1), D(2026, 2, 1), D(2026, 3, 1), D(2026, 3, 29))
    wb.add_many([_checkin(D(2026, 1, 1)), _checkin(D(2026, 3, 29), value_to_mentor=1, wish_to_continue=2)])
    fig = charts.relationship_health(wb, D(2026, 4, 1))
    (health,) = _by_gid(fig, "health")
    assert list(health.get_ydata()) == pytest.approx([4.0, (4 * 5 + 1 + 2) / 7])
    (mentor,) = _by_gid(fig, "value_to_mentor")
    assert list(mentor.get_ydata()) == [4, 1]
    assert [t.get_text() for t in _by_gid(fig, "health-flag")] == ["one-way and fading"]
    assert fig.axes[0].get_title(loc="left").startswith("Latest check-in (29 Mar 2026): let go (G6.4)")
    assert fig.axes[0].get_ylabel() == "Rating (1 = poor, 5 = strong)"


# -- the sample mentee ----------------------------------------------------------------------


def test_every_chart_on_the_sample_has_data(demo_workbook):
    from mentorkit.sample import DEMO_AS_OF

    figs = charts.all_charts(demo_workbook, DEMO_AS_OF)
    assert list(figs) == list(charts.CHARTS)
    for name, fig in figs.items():
        assert not _is_not_enough(fig), name
    assert len(_by_gid(figs["meeting_cadence"], "gap-flag")) == 1  # the summer gap



@pytest.mark.parametrize("anonymous", [False, True])
def test_a_png_is_drawn_once_and_is_pixel_for_pixel_what_savefig_writes(demo_workbook, new_workbook, tmp_path,
                                                                          anonymous):
    import io

    import numpy as np
    from PIL import Image

    from mentorkit.sample import DEMO_AS_OF

    for wb in (demo_workbook, new_workbook):  # charts with data, and the "not enough data" figures
        for name, draw in charts.CHARTS.items():
            reference = io.BytesIO()
            with charts.style():
                draw(wb, DEMO_AS_OF, anonymous=anonymous).savefig(reference, format="png", dpi=charts.DPI)
            fig = draw(wb, DEMO_AS_OF, anonymous=anonymous)  # a new figure: a layout is never done twice
            dpi, canvas = fig.dpi, fig.canvas
            path = charts.save_figure(fig, tmp_path / f"{name}.png")
            ours, theirs = Image.open(path), Image.open(reference)
            assert ours.mode == "RGB" and ours.info.get("dpi") == pytest.approx((charts.DPI, charts.DPI), abs=0.05), name
            assert "Software" not in ours.info and ours.size == theirs.size, name
            assert np.array_equal(np.asarray(ours.convert("RGBA")), np.asarray(theirs.convert("RGBA"))), name
            assert charts.save_figure(draw(wb, DEMO_AS_OF, anonymous=anonymous),
                                      tmp_path / "again.png").read_bytes() == path.read_bytes(), name  # reproducible
            assert (fig.dpi, fig.canvas) == (dpi, canvas)  # the figure is left as it was


def test_charts_are_drawn_in_their_style_whatever_the_kernels_settings(demo_workbook):
    import io

    import matplotlib
    import numpy as np
    from PIL import Image

    from mentorkit.sample import DEMO_AS_OF

    def savefig(settings: dict) -> np.ndarray:
        buffer = io.BytesIO()
        with matplotlib.rc_context(settings):
            charts.gas_progress(demo_workbook, DEMO_AS_OF).savefig(buffer, format="png", dpi=charts.DPI)
        return np.asarray(Image.open(buffer).convert("RGB"))

    assert charts.STYLE == {"text.hinting": "no_hinting"}
    with matplotlib.rc_context({"text.hinting": "force_autohint"}):  # a kernel's own choice
        drawn = charts.render_agg(charts.gas_progress(demo_workbook, DEMO_AS_OF))
        assert matplotlib.rcParams["text.hinting"] == "force_autohint"  # left as it was
    ours = np.asarray(Image.open(io.BytesIO(charts.encode_png(drawn))).convert("RGB"))
    assert np.array_equal(ours, savefig(charts.STYLE))
    assert not np.array_equal(ours, savefig({"text.hinting": "force_autohint"}))  # the setting shows in the text


def test_a_chart_with_transparent_pixels_keeps_them(tmp_path):
    from matplotlib.figure import Figure
    from PIL import Image

    fig = Figure(figsize=(1, 1))
    fig.patch.set_alpha(0.0)
    fig.subplots().plot([0, 1])
    image = Image.open(charts.save_figure(fig, tmp_path / "clear.png"))
    assert image.mode == "RGBA" and image.getpixel((0, 0))[3] == 0


# -- any data: never an exception ------------------------------------------------------------

from hypothesis import HealthCheck, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

_day = st.dates(min_value=D(2025, 1, 1), max_value=D(2026, 12, 31))


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    meetings=st.lists(_day, max_size=6),
    levels=st.lists(st.tuples(_day, st.integers(-2, 2)), max_size=5),
    actions=st.lists(st.tuples(_day, st.sampled_from(["open", "done", "dropped", "renegotiated"]), _day, _day),
                     max_size=6),
    checkins=st.lists(st.tuples(_day, st.integers(1, 5), st.integers(1, 5)), max_size=4),
    agreement=st.none() | st.tuples(_day, st.sampled_from([0.5, 1.0, 2.0, 1 / 3])),
    as_of=_day,
)
def test_any_workbook_gives_six_figures_a_report_and_a_calendar(tmp_path_factory, meetings, levels, actions, checkins, agreement, as_of):
    from mentorkit import Workbook

    wb = Workbook.create(tmp_path_factory.mktemp("any") / "wb", "Any $One")
    if agreement:
        wb.add(Agreement(start=agreement[0], meetings_per_month=agreement[1]))
    _meetings(wb, *meetings)
    gid = wb.add(Goal(title="A goal with $ and <b>", created_on=min([d for d, _ in levels], default=None)))
    wb.add_many([GoalLevel(goal_id=gid, date=d, level=lv) for d, lv in levels])
    for due, status, other, new_due in actions:
        extra = {"done": {"done_on": other}, "renegotiated": {"renegotiated_on": other, "renegotiated_due": new_due}}
        wb.add(ActionItem(description="x", due=due, status=status, **extra.get(status, {})))
    wb.add_many([_checkin(d, value_to_me=a, wish_to_continue=b) for d, a, b in checkins])
    figs = charts.all_charts(wb, as_of)
    assert len(figs) == len(charts.CHARTS)
    for fig in figs.values():
        assert fig.get_suptitle()
        fig.canvas.draw()
    from mentorkit.ics import build_calendar
    from mentorkit.report import gather, render_html

    assert "Any $One" in render_html(gather(wb, as_of), {})
    assert build_calendar(wb, as_of).to_ical().startswith(b"BEGIN:VCALENDAR")


def test_show_figure_displays_one_png_drawn_at_the_figures_own_size(monkeypatch):
    import base64
    import io

    import IPython.display
    from matplotlib.figure import Figure
    from PIL import Image

    shown = []
    monkeypatch.setattr(IPython.display, "display", lambda *a, **k: shown.append((a, k)))
    fig = Figure(figsize=(3, 2), dpi=80, layout="constrained")
    fig.subplots().plot([1, 3, 2])
    charts.show_figure(fig)
    [((bundle,), options)] = shown
    assert options["raw"] is True and options["metadata"] == {"image/png": {"width": 240, "height": 160}}
    image = Image.open(io.BytesIO(base64.b64decode(bundle["image/png"])))
    assert image.size == (240, 160) and image.info["dpi"] == pytest.approx((80, 80), abs=0.05)
    assert fig.dpi == 80


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(_day, st.integers(1, 2000)), min_size=1, max_size=4), st.sampled_from([(3, 8), (5, None)]))
def test_date_ticks_are_autodatelocators_for_every_interval_asked_again_or_in_turn(spans, ticks):
    import matplotlib.dates as mdates
    import numpy as np
    from matplotlib.figure import Figure

    minticks, maxticks = ticks
    fig = Figure()
    ours, theirs = fig.subplots(1, 2)
    ours.xaxis.set_major_locator(charts.DateTicks(minticks=minticks, maxticks=maxticks))
    theirs.xaxis.set_major_locator(mdates.AutoDateLocator(minticks=minticks, maxticks=maxticks))
    for start, days in spans + spans:  # each interval twice, in turn: kept ticks must follow the interval
        for ax in (ours, theirs):
            ax.set_xlim(start, start + dt.timedelta(days=days))
        for _ in range(2):
            assert np.array_equal(ours.xaxis.get_majorticklocs(), theirs.xaxis.get_majorticklocs())
