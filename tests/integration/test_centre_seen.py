"""A sync round keeps the centre's release+build and sync protocol its health answer gave (the
store's meta), for 帮助 › 关于 to say which centre this workstation reached and whether it matches.
Real central service (PostgreSQL), the round of ``counter-app sync run``."""

from __future__ import annotations

import uuid

import httpx
import pytest

from counter_app.cli.sync import _one_round
from counter_app.sync.auth import AuthManager
from counter_app.sync.status import centre_seen
from counter_app.workflows.about import about
from counter_protocol.sync import PROTOCOL_VERSION
from tests.support.cases import settings_for

pytestmark = pytest.mark.integration


def test_a_sync_round_keeps_the_centres_version_for_the_about_box(app_home, store, central_server):
    settings = settings_for(central_server.url, f"AB-{uuid.uuid4().hex[:8]}")
    assert centre_seen(store) is None and about(store, settings.central.url).compatible is None
    AuthManager(store, settings).login("clerk01", "clerk01-demo")
    report = _one_round(settings, store, AuthManager(store, settings), 50)
    assert report.error is None and report.online, report.error
    health = httpx.get(central_server.url + "/api/v1/health", timeout=5, trust_env=False).json()
    assert centre_seen(store) == (health["version"], PROTOCOL_VERSION)
    facts = about(store, settings.central.url)
    assert (facts.centre_version, facts.compatible, facts.centre_url) == (health["version"], True, central_server.url)
