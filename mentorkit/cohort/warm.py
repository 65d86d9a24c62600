"""The papermill engine ``mentorkit-warm``: each notebook in a kernel of its own, forked from the zygote.

Kept apart from `kernels` so that the zygote, which imports `kernels`, never loads papermill.
"""

from __future__ import annotations

from ..papermill_engine import FreshEngine
from .kernels import BASE_PRELOAD, kernel_manager_class


class WarmEngine(FreshEngine):
    """`FreshEngine` with the kernel forked from the zygote that preloaded `preload`."""

    @classmethod
    def kernel_manager_class(cls, preload: list[str] | None, kernel_log: str | None) -> type:
        return kernel_manager_class(list(preload or BASE_PRELOAD), kernel_log)
