"""A drawing's shortcuts (mentorkit.quickdraw): the same ticks and pixels as matplotlib's own, for less work."""

from __future__ import annotations

import io

import matplotlib.dates as mdates
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from matplotlib.axis import Axis
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.text import Text
from matplotlib.ticker import FixedFormatter, MaxNLocator

from mentorkit import quickdraw


def _ticks(axis) -> list[tuple[float, str]]:
    """What an axis shows: each tick in view, its place and its label."""
    return [(float(t.get_loc()), t.label1.get_text()) for t in axis._update_ticks()]


def _own(axis) -> list[tuple[float, str]]:
    """The same, worked out by the class's own method, whatever the instance holds."""
    return [(float(t.get_loc()), t.label1.get_text()) for t in Axis._update_ticks(axis)]


def _pixels(fig: Figure) -> np.ndarray:
    canvas = FigureCanvasAgg(fig)
    canvas.draw()
    return np.asarray(canvas.buffer_rgba()).copy()


def _tall_figure(values) -> Figure:
    """A constrained-layout figure whose y ticks change with the axes' height, so between layout passes."""
    fig = Figure(figsize=(3, 2.5), layout="constrained")
    top, bottom = fig.subplots(2, 1, sharex=True)
    top.plot(values)
    bottom.bar(range(len(values)), values)
    bottom.yaxis.set_major_locator(MaxNLocator(nbins="auto"))
    fig.suptitle("A title that takes room", fontsize=14)
    fig.align_ylabels()
    return fig


def test_ticks_follow_every_change_made_inside_the_block():
    fig = Figure()
    ax = fig.subplots()
    ax.plot([0, 10], [0, 100])
    with quickdraw.drawing(fig):
        assert isinstance(vars(ax.xaxis)["_update_ticks"], quickdraw.TicksOncePerView)
        first = _ticks(ax.xaxis)
        assert first == _own(ax.xaxis) and _ticks(ax.xaxis) == first  # kept, and asked again
        ax.set_xlim(0, 3)  # another view
        assert _ticks(ax.xaxis) == _own(ax.xaxis) != first
        ax.xaxis.set_major_locator(MaxNLocator(2))  # another locator
        assert _ticks(ax.xaxis) == _own(ax.xaxis)
        ax.set_xticks([0, 1, 2], ["a", "b", "c"])  # other places and labels
        assert _ticks(ax.xaxis) == _own(ax.xaxis) == [(0.0, "a"), (1.0, "b"), (2.0, "c")]
        ax.set_xlim(0.5, 3)  # the same places, fewer of them in view
        assert _ticks(ax.xaxis) == _own(ax.xaxis) == [(1.0, "b"), (2.0, "c")]
        ax.xaxis.set_major_formatter(FixedFormatter(["x", "y", "z"]))  # another formatter, the same places
        assert [label for _, label in _ticks(ax.xaxis)] == ["y", "z"]
        ax.xaxis.set_tick_params(reset=True, labelsize=5)  # new tick objects
        shown = ax.xaxis._update_ticks()
        assert shown and all(any(t is mine for mine in ax.xaxis.majorTicks) for t in shown)
        assert {t.label1.get_fontsize() for t in shown} == {5}
    assert "_update_ticks" not in vars(ax.xaxis) and "_update_ticks" not in vars(ax.yaxis)  # the class's again


def test_the_block_leaves_the_axes_and_texts_as_they_were_even_on_an_error():
    fig = Figure()
    ax = fig.subplots()
    own_layout = Text._get_layout
    with pytest.raises(RuntimeError), quickdraw.drawing(fig):
        assert isinstance(vars(Text)["_get_layout"], quickdraw.LayoutsOnce)
        raise RuntimeError("a drawing failed")
    assert "_update_ticks" not in vars(ax.xaxis) and "_update_ticks" not in vars(ax.yaxis)
    assert Text._get_layout is own_layout


# Pairs of texts that differ in one thing each: a layout kept for one must never serve the other.
_DIFFERING = [
    ({}, {"fontweight": "bold"}), ({}, {"fontsize": 14}), ({}, {"fontfamily": "monospace"}),
    ({}, {"rotation": 30}), ({}, {"ha": "right"}), ({}, {"va": "top"}),
    ({"multialignment": "left"}, {"multialignment": "left", "ha": "left"}),
    ({"rotation": 45}, {"rotation": 45, "rotation_mode": "anchor"}),
    ({"text": "two\nlines, longer"}, {"text": "two\nlines, longer", "multialignment": "right"}),
    ({"text": "two\nlines"}, {"text": "two\nlines", "linespacing": 2.5}),
    ({"text": "a sentence long enough to wrap " * 3}, {"text": "a sentence long enough to wrap " * 3, "wrap": True}),
    ({"text": "$x^2$"}, {"text": "$x^2$", "parse_math": False}),
]


def _texts_figure() -> Figure:
    """Each pair of `_DIFFERING`, side by side, over a plot with rotated tick labels and a title."""
    fig = Figure(figsize=(5, 6), layout="constrained")
    ax = fig.subplots()
    ax.plot([0, 1, 2], [2, 0, 1])
    ax.set_xticks([0, 1, 2], ["first", "second", "third"], rotation=35, ha="right")
    ax.set_title("same", loc="left")
    for row, pair in enumerate(_DIFFERING):
        for column, props in enumerate(pair):
            props = {"text": "same", "fontsize": 8, "ha": "center", "va": "center", **props}
            ax.text(0.25 + 0.5 * column, 0.95 - row * 0.075, props.pop("text"), transform=ax.transAxes, **props)
    fig.suptitle("same")
    return fig


def test_texts_share_their_layout_and_draw_the_same_pixels(monkeypatch):
    calls = []
    own = Text._get_layout

    def counted(self, renderer):
        calls.append(self.get_text())
        return own(self, renderer)

    monkeypatch.setattr(Text, "_get_layout", counted)
    plain = _pixels(_texts_figure())
    laid_out = len(calls)
    calls.clear()
    fig = _texts_figure()
    with quickdraw.drawing(fig):
        quick = _pixels(fig)
    assert Text._get_layout is counted  # put back
    assert np.array_equal(quick, plain)
    assert len(calls) < laid_out / 2


def test_a_drawing_works_the_ticks_out_far_less_often(monkeypatch):
    calls = []
    own = Axis._update_ticks

    def counted(self):
        calls.append(self)
        return own(self)

    monkeypatch.setattr(Axis, "_update_ticks", counted)
    _pixels(_tall_figure([1, 5, 3, 8]))
    plain = len(calls)
    calls.clear()
    fig = _tall_figure([1, 5, 3, 8])
    with quickdraw.drawing(fig):
        _pixels(fig)
    assert plain >= 40 and len(calls) <= plain / 3  # measured: 58 and 4


def test_date_axes_and_constrained_layout_draw_the_same_pixels():
    fig_plain, fig_quick = (Figure(figsize=(6, 3), layout="constrained") for _ in range(2))
    for fig in (fig_plain, fig_quick):
        ax = fig.subplots()
        days = mdates.datestr2num(["2026-01-05", "2026-02-20", "2026-06-30", "2026-11-15"])
        ax.plot(days, [3, 1, 4, 1], marker="o")
        locator = mdates.AutoDateLocator(minticks=3, maxticks=8)
        ax.xaxis.set_major_locator(locator)
        ax.xaxis.set_major_formatter(mdates.ConciseDateFormatter(locator))
        ax.set_title("as of 15 Nov 2026", loc="left")
    with quickdraw.drawing(fig_quick):
        quick = _pixels(fig_quick)
    assert np.array_equal(quick, _pixels(fig_plain))


@settings(max_examples=25, deadline=None)
@given(st.lists(st.floats(-1e4, 1e4, allow_nan=False), min_size=2, max_size=12),
       st.floats(1.5, 8), st.floats(1.2, 6))
def test_any_figure_is_drawn_pixel_for_pixel_as_matplotlib_draws_it(values, width, height):
    plain, quick = _tall_figure(values), _tall_figure(values)
    for fig in (plain, quick):
        fig.set_size_inches(width, height)
    with quickdraw.drawing(quick):
        drawn = _pixels(quick)
    assert np.array_equal(drawn, _pixels(plain))


def test_a_renderer_reads_each_fonts_line_metrics_once_and_as_matplotlib_does():
    fig = Figure(figsize=(3, 2))
    fig.text(0.1, 0.5, "two\nlines", fontsize=11)
    fig.text(0.6, 0.5, "bold", fontweight="bold", fontsize=15)
    plain = io.BytesIO()
    fig.savefig(plain, format="raw")
    canvas = FigureCanvasAgg(fig)
    renderer = canvas.get_renderer()
    with quickdraw.drawing(fig, renderer):
        canvas.draw()
    assert renderer._get_font_height_metrics.__name__ == "line_metrics"
    assert bytes(canvas.buffer_rgba()) == plain.getvalue()
