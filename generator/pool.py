"""Work forked onto other cores, the parent's state inherited rather than pickled.

At 25,000 papers the records are hundreds of MB of small objects: pickling them to a
worker costs more than the work. A forked child sees them for free, so the state is
parked in this module for the life of one pool and only small arguments (index ranges)
travel. One place for the pattern the day, week and paper pages use."""

from __future__ import annotations

import gc
import os
from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor
from multiprocessing import get_context
from typing import Any, TypeVar

S = TypeVar("S")
A = TypeVar("A")
R = TypeVar("R")

# (function, state) of the pool being started; read by the forked children only.
_FORKED: tuple[Callable[..., Any], Any] | None = None


def cores() -> int:
    return os.cpu_count() or 1


def _apply(arg: Any) -> Any:
    assert _FORKED is not None
    fn, state = _FORKED
    return fn(state, arg)


def fork_map(fn: Callable[[S, A], R], state: S, args: Sequence[A], *, workers: int) -> list[R]:
    """[fn(state, a) for a in args], on `workers` forked processes, in order."""
    global _FORKED
    _FORKED = (fn, state)
    # Frozen, the parent's objects are left alone by the children's collector, so their
    # memory pages stay shared instead of being copied into every worker.
    gc.freeze()
    try:
        with ProcessPoolExecutor(max_workers=workers, mp_context=get_context("fork")) as pool:
            return list(pool.map(_apply, args))
    finally:
        gc.unfreeze()
        _FORKED = None
