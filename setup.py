"""Only the optional compiled fast path lives here; everything else is in pyproject.toml.

``optional=True``: without a C compiler the install still succeeds and qcity
reads data with its pure-Python path (same results, slower).
"""

from setuptools import Extension, setup

setup(ext_modules=[Extension("qcity.actuals._scan", ["qcity/actuals/_scan.c"], optional=True,
                             depends=["qcity/actuals/_scan_text.h", "qcity/actuals/_scan_slots.h",
                                      "qcity/actuals/_scan_state.h", "qcity/actuals/_scan_learn.h",
                                      "qcity/actuals/_scan_keys.h"],
                             extra_compile_args=["-O2"])])
