"""Developer tools that do not ship in the product: the screenshot driver (``make screenshots``),
the start-up smoke run (benchmarks, display test) and the demo launcher (``make run``).

Run them from the repository root: ``python -m tools.<name>``.
"""
