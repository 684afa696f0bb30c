"""Which pulled reference version is in force on a counter: the centre's newest publication — by
the centre's order, never by when this machine received it (a new workstation pulls every version
in one round, all with the same received_at) — whose 生效日期 has come. Real store, real
SyncWorker, the real centre in-process on SQLite."""

from __future__ import annotations

from counter_app.sync.client import CentralClient, StaticToken
from counter_app.sync.status import reference_in_force
from counter_app.sync.worker import SyncWorker
from counter_app.workflows import reference
from counter_protocol import sync as p
from tests.support.central import DEMO_PASSWORDS

WS = "FT-W01"


def _client(tc, user: str) -> CentralClient:
    client = CentralClient("http://testserver", transport=tc._transport)
    pair = client.login(user, DEMO_PASSWORDS[user], WS)
    client.tokens = StaticToken(pair.access_token)
    client.roles = pair.user.roles
    return client


def _publish(tc, *versions: tuple[str, str | None, str]) -> None:
    """(version, 生效日期, review body) of ``offices``, published in this order."""
    admin = _client(tc, "admin01")
    try:
        for version, effective_from, body in versions:
            admin.publish_reference(p.PublishReference(
                name="offices", version=version, effective_from=effective_from,
                content={"offices": {"FT": {"review_body": body, "court": "深圳市福田区人民法院"}}}))
    finally:
        admin.close()


def _sync(store, tc) -> None:
    client = _client(tc, "clerk01")
    try:
        assert SyncWorker(store, client, workstation_id=WS).run_once().error is None
    finally:
        client.close()


def test_the_newest_publication_is_in_force_when_a_round_pulls_several(store, central_sqlite_client):
    # the newest ("k") is neither the first published nor the first by its version's spelling
    _publish(central_sqlite_client, ("m", None, "第一次发布"), ("a", None, "第二次发布"), ("k", None, "改正后的版本"))
    _sync(store, central_sqlite_client)
    assert reference_in_force(store, "offices")["version"] == "k"
    found = reference.offices_in_force(store)
    assert found.source == "中心发布 k" and found.value["FT"].review_body == "改正后的版本"


def test_a_round_after_an_earlier_one_keeps_the_centres_order(store, central_sqlite_client):
    _publish(central_sqlite_client, ("b", None, "第一次发布"))
    _sync(store, central_sqlite_client)
    _publish(central_sqlite_client, ("a", None, "第二次发布"), ("c", None, "第三次发布"), ("b2", None, "第四次发布"))
    _sync(store, central_sqlite_client)
    assert reference.offices_in_force(store).value["FT"].review_body == "第四次发布"
