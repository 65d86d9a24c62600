"""Moved to `mentorkit.cohort.collect`; this name keeps working for scripts that import it."""

import sys

from .cohort import collect as _moved

sys.modules[__name__] = _moved
