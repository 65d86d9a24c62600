"""Moved to `mentorkit.cohort.privacy`; this name keeps working for scripts that import it."""

import sys

from .cohort import privacy as _moved

sys.modules[__name__] = _moved
