"""Work forked onto other cores, the parent's state inherited rather than pickled.

At 25,000 papers the records are hundreds of MB of small objects: pickling them to a
worker costs more than the work. A forked child sees them for free, so the state is
parked in this module for the life of one pool and only small arguments (index ranges)
travel. One place for the pattern the day pages and the paper pages both use."""

from __future__ import annotations

import gc
import os
from collections.abc import Callable, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass
from multiprocessing import get_context
from typing import Any, Generic, TypeVar

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


def _call() -> Any:
    assert _FORKED is not None
    fn, state = _FORKED
    return fn(state)


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


@dataclass
class Forked(Generic[R]):
    """One call running in a forked process; `result()` waits for it and ends the pool."""

    pool: ProcessPoolExecutor
    future: Future[R]

    def result(self) -> R:
        with self.pool:
            return self.future.result()


def fork_call(fn: Callable[[S], R], state: S) -> Forked[R] | None:
    """fn(state) started in a forked process beside the caller; None on a single core."""
    global _FORKED
    if cores() < 2:
        return None
    _FORKED = (fn, state)
    try:
        pool = ProcessPoolExecutor(max_workers=1, mp_context=get_context("fork"))
        # The child is forked at submit time, while _FORKED is set.
        return Forked(pool, pool.submit(_call))
    finally:
        _FORKED = None
