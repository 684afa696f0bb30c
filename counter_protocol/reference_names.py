"""The reference data sets the counters read (参考数据): the one list both sides use — the counter
resolves these names (counter_app.workflows.reference), and the centre publishes no other
(counter_central.core.reference_refusal): a set under another name would be announced to every
workstation and used by none. Materials (材料) are part of the catalog."""

from __future__ import annotations

CATALOG = "catalog"
POLICY_PARAMS = "policy_params"
AUTHORISATION = "authorisation"
OFFICES = "offices"
# name -> what it is (中文), in the order they are listed to an administrator
TITLES = {CATALOG: "业务目录", POLICY_PARAMS: "政策参数", AUTHORISATION: "分级授权表", OFFICES: "分局文书事项"}
READ_BY_COUNTERS = frozenset(TITLES)


def names_text() -> str:
    """The names the counters read, each with what it is: ``catalog（业务目录）、…``."""
    return "、".join(f"{name}（{title}）" for name, title in TITLES.items())
