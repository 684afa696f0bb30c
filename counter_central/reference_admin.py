"""``counter-central reference``: the administrator publishes reference data (业务目录, 政策参数, 分级授权表…)
from a file on the centre, and lists what is published — the same row and ``reference.published``
change as ``POST /reference`` (core.publish_reference), without an admin sign-in over HTTP.

A catalog, a parameter set, the offices' facts and a graded authorisation table are checked with the
rules both sides share (counter_rules) before they are published — by core.publish_reference, the
one check ``POST /reference`` runs too: a version the counters would refuse (and keep the shipped
one, doctor warning), or an authorisation table that would not ask for the approvals it names, is
refused instead, with the reason, and nothing is stored.
"""

from __future__ import annotations

import json
import tomllib
from dataclasses import dataclass
from pathlib import Path

from pydantic import ValidationError
from sqlalchemy import select
from sqlalchemy.orm import Session

from counter_protocol import sync as p
from counter_protocol.file_problems import file_problem


class ReferenceFileError(Exception):
    """The administrator's Chinese reason the file is not published."""


@dataclass(frozen=True)
class PublishedRow:
    name: str
    version: str
    effective_from: str | None
    digest: str
    published_at: str = ""

    def as_dict(self) -> dict:
        return {"name": self.name, "version": self.version, "effective_from": self.effective_from,
                "digest": self.digest, "published_at": self.published_at}


def read_content(path: Path) -> dict:
    """The file's content: JSON, or TOML for a ``.toml`` file (政策参数 are kept as TOML)."""
    try:
        text = path.read_text(encoding="utf-8")
        data = tomllib.loads(text) if path.suffix.lower() == ".toml" else json.loads(text)
    except (OSError, UnicodeDecodeError, ValueError, RecursionError) as exc:     # RecursionError: nested too deep
        raise ReferenceFileError(f"无法读取 {path}：{file_problem(exc)}") from None
    if not isinstance(data, dict):
        raise ReferenceFileError(f"{path} 的内容应为一个 JSON 对象（或 TOML 表）")
    return data


def check_content(name: str, content: dict) -> None:
    """What the counters would refuse, refused now (core.reference_refusal: the check
    ``POST /reference`` runs too)."""
    from counter_central import core

    refusal = core.reference_refusal(name, content)
    if refusal is not None:
        raise ReferenceFileError(refusal)


def publish(s: Session, name: str, path: Path, *, version: str | None = None,
            effective_from: str | None = None) -> PublishedRow:
    from counter_central import core

    content = read_content(path)
    check_content(name, content)      # before the version is asked for (core.publish_reference checks again)
    chosen = version or content.get("version")
    if not isinstance(chosen, str) or not chosen.strip():
        raise ReferenceFileError("请用 --version 指定版本号（文件中没有 version）")
    try:
        doc = p.PublishReference(name=name, version=chosen.strip(), effective_from=effective_from,
                                 content=json.loads(p.canonical_json(content)))
    except ValidationError as exc:
        where = ", ".join(str(e["loc"][0]) for e in exc.errors() if e.get("loc"))
        raise ReferenceFileError(f"不能发布：{where or '内容'} 不符合要求（名称：小写字母开头，字母数字下划线；"
                                 "版本号：字母数字 _ . : -；生效日期：YYYY-MM-DD；数值须有限）") from None
    try:
        published = core.publish_reference(s, doc)
    except core.ServiceError as exc:
        s.rollback()
        raise ReferenceFileError(f"{exc.detail}（{exc.suggested_action}）" if exc.suggested_action
                                 else str(exc.detail)) from None
    from counter_central.db import ReferenceRow

    row = s.get(ReferenceRow, (published.name, published.version))
    return PublishedRow(published.name, published.version, published.effective_from, published.digest,
                        _stamp(row.published_at) if row is not None else "")


def _stamp(at) -> str:
    return at.strftime("%Y-%m-%dT%H:%M:%SZ") if at else ""


def list_published(s: Session) -> list[PublishedRow]:
    from counter_central.db import ReferenceRow

    rows = s.scalars(select(ReferenceRow).order_by(ReferenceRow.name, ReferenceRow.published_at))
    return [PublishedRow(r.name, r.version, r.effective_from, r.digest, _stamp(r.published_at)) for r in rows]
