"""The sample data (`demo/`, `cohort/`), shipped inside the installed package as `mentorkit.data`.

Not code: this file only lets setuptools and `importlib.resources` treat the
folder as a package (see `mentorkit.resources`).
"""
