"""mentorkit.png: PNG files any reader opens, pixel for pixel what was drawn."""

import io

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays
from PIL import Image

from mentorkit import png


def _read(data: bytes) -> Image.Image:
    image = Image.open(io.BytesIO(data))
    image.load()  # reads every chunk, CRCs and the deflate stream included
    return image


@settings(max_examples=60, deadline=None)
@given(arrays(np.uint8, st.tuples(st.integers(1, 9), st.integers(1, 9), st.just(4))), st.booleans())
def test_any_pixels_come_back_as_they_were(rgba, opaque):
    if opaque:
        rgba[..., 3] = 255
    image = _read(png.encode(rgba, 150))
    if bool((rgba[..., 3] == 255).all()):
        assert image.mode == "RGB"
        assert np.array_equal(np.asarray(image), rgba[..., :3])
    else:
        assert image.mode == "RGBA"
        assert np.array_equal(np.asarray(image), rgba)


def test_the_file_states_its_resolution_and_nothing_that_changes_between_runs():
    rgba = np.full((3, 5, 4), 255, dtype=np.uint8)
    data = png.encode(rgba, 150)
    image = _read(data)
    assert image.size == (5, 3) and image.info["dpi"] == pytest.approx((150, 150), abs=0.05)
    assert set(image.info) == {"dpi"}  # no Software tag, no date
    assert png.encode(rgba.copy(), 150) == data
    assert [data[12:16], data[-8:-4]] == [b"IHDR", b"IEND"]


def test_it_refuses_what_is_not_rgba_bytes():
    with pytest.raises(ValueError, match="pixels: expected height x width x 4 uint8"):
        png.encode(np.zeros((2, 2, 3), dtype=np.uint8), 150)
    with pytest.raises(ValueError, match="float64"):
        png.encode(np.zeros((2, 2, 4)), 150)
