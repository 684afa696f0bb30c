"""Fixtures of the tests that switch the UI's language (tests.support.language)."""

from tests.support.language import english, english_back  # noqa: F401  (fixtures)
