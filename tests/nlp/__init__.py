"""Tests of evidencecheck.nlp.

A package so that ``tests/nlp/test_relevance.py`` (the detector) and
``tests/checks/test_relevance.py`` (its check and the reports) do not clash as
top-level ``test_relevance`` modules.
"""
