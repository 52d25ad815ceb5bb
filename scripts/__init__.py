"""The lab beside the product: fixture and zoo generators, the scorer and the benchmarks.

Not installed with juesuan. Run a script from the checkout's root as a module, e.g.
`python -m scripts.make_fixtures fixtures/generated` or `python -m scripts.bench --help`; tests import them as
`from scripts import zoo` (pytest puts the root on the path, see pyproject.toml).
"""
