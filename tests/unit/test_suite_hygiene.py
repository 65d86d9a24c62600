"""What earlier tests in the same run must not leave behind for later ones.

`make test` collects tests/browser first: its Playwright session (sync API)
holds an asyncio loop running in the main thread while it is open, so it is
package-scoped and closed when the browser tests end. Run in the full suite,
this test fails if a loop is still running in the main thread.
"""

from __future__ import annotations

import asyncio

import pytest


def test_no_event_loop_is_left_running_in_the_main_thread():
    with pytest.raises(RuntimeError):
        asyncio.get_running_loop()
    assert asyncio.run(asyncio.sleep(0, result="ran")) == "ran"
