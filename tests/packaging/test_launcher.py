"""The program starts copies of itself the same way from a checkout and from the bundle."""

from __future__ import annotations

import sys

from counter_app import launcher


def test_checkout_runs_the_module(monkeypatch):
    monkeypatch.delattr(sys, "frozen", raising=False)
    assert launcher.self_command("sync", "agent") == [sys.executable, "-m", "counter_app", "sync", "agent"]


def test_bundle_runs_itself_with_the_subcommand(monkeypatch):
    monkeypatch.setattr(sys, "frozen", True, raising=False)
    assert launcher.self_command("doctor", "--qt-probe") == [sys.executable, "doctor", "--qt-probe"]
