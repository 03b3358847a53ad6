"""Measurements of govqa, run by `make bench`; results are written to docs/benchmarks.md."""
