"""Tests of evidencecheck.cohort.

A package (unlike the other test folders) so that ``tests/cohort/test_batch.py``
and ``tests/cli/test_batch.py`` do not clash as top-level ``test_batch``
modules, and so that worker processes can import :mod:`cohort._workers`.
"""
