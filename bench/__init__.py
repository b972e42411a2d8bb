"""Reisatlas's benchmark: synthetic documents (generate), fresh-process measurements (probes), the app
against a bare baseline (baseline_app, serve), and the table in docs/performance.md (report).

Run with ``make bench`` or ``python -m bench``; it is not part of ``make test``.
"""
