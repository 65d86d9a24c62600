"""Moved to `mentorkit.cohort.summary`; this name keeps working for scripts that import it."""

import sys

from .cohort import summary as _moved

sys.modules[__name__] = _moved
