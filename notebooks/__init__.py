"""The journey's notebooks, shipped inside the installed package as `mentorkit.notebooks`.

Not code: this file only lets setuptools and `importlib.resources` treat the
folder as a package (see `mentorkit.resources`).
"""
