"""Autoplay: a step every few seconds, then a rerun of the whole app, until the step says stop.

The period's play control and the presentation both play this way. The run that starts the timer has
just drawn the current step, so the timer's first tick only arms it. ``watch`` reruns a tab left open
when the atlas it shows has changed.
"""

from __future__ import annotations

from typing import Callable

import streamlit as st

_tickers: dict[float, Callable] = {}


def _tick(key: str, step: Callable[[], None]) -> None:
    if st.session_state.pop(f"_{key}_fresh", False):
        return  # this run has just drawn the current step
    step()
    st.rerun()


def play(key: str, seconds: float, step: Callable[[], None]) -> None:
    """Call ``step`` every ``seconds`` while this is called on every run; ``key`` names the player."""
    st.session_state[f"_{key}_fresh"] = True
    if seconds not in _tickers:
        _tickers[seconds] = st.fragment(run_every=seconds)(_tick)
    _tickers[seconds](key, step)


_watchers: dict[float, Callable] = {}


def _check(now: Callable[[], object], seen: object) -> None:
    if now() != seen:
        st.rerun()  # the whole app, with what changed


def watch(seconds: float, now: Callable[[], object], seen: object) -> None:
    """Rerun the whole app once ``now()`` differs from ``seen``, asked every ``seconds`` while this is called on
    every run: a tab left open follows what changed elsewhere (a publication made through another process)."""
    if seconds not in _watchers:
        _watchers[seconds] = st.fragment(run_every=seconds)(_check)
    _watchers[seconds](now, seen)
