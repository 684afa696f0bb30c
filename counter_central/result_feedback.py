"""办理结果反馈: the results the agency feeds back to applicants 通过信息系统 (6.4.1.1.1.3, 6.4.2.1.1.3:
接续参保人养老保险关系，并将办理结果通过信息系统反馈至服务对象), exported for the SMS platform.

At the window the clerk records the step 「接续养老保险关系并反馈办理结果」; its ``case.step`` entry
carries the applicant's contact mobile (:mod:`counter_protocol.result_feedback`), sealed at rest
here like every entry. A case is **due** once the centre holds it 办结 (or 归档) and one of its
accepted step entries asks for a feedback, until it is fed back:

- ``counter-central results feedback --csv FILE``: the due cases with a mobile, one row each
  (mobile, the SMS text, the 办件编号, the office), written owner-only (0600), whole or not at all;
  each case is marked fed back (``result_feedback``, with the export) in the same transaction, so a
  case is never sent twice and none is lost between two exports; one centre audit record
  (``results.export``: how many, which file, its SHA-256);
- a due case without a mobile (the applicant gave none at the window) is never in the file: it is
  listed (``--json``, masked) until staff tell the applicant by other means and say so
  (``--told CASE_NO --note …``), recorded with who and how (``results.told``).

The SMS text names the service, the 办件编号, the office and what was done; no name, no ID number.
Which steps feed their result back is the catalog's in force at the centre (published, else the
bundled one): a block on any other step is not honoured, so no client decides where an SMS goes
beyond the applicant's own mobile on the step the catalog names.
"""

from __future__ import annotations

import hashlib
import os
import uuid
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from sqlalchemy import DateTime, Integer, String, Text, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Mapped, Session, mapped_column

from counter_central.db import Base, CaseState, Office, ReceivedEntry, utcnow
from counter_protocol.result_feedback import message, mobile_of
from counter_rules.masking import mask_numbers, mask_phone

DONE_STATES = ("completed", "archived")
STEP_KIND = "case.step"
MAX_NOTE = 200


class ResultFeedbackError(ValueError):
    """A refused request, in Chinese for the operator."""


class FeedbackRow(Base):
    """A case whose result was fed back: by the SMS export (``channel`` ``sms``, ``export_id``) or,
    without a mobile, by other means staff recorded (``other``, ``note``)."""

    __tablename__ = "result_feedback"

    case_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    case_no: Mapped[str] = mapped_column(String(64), nullable=False, default="")
    office_code: Mapped[str] = mapped_column(String(8), nullable=False, default="")
    channel: Mapped[str] = mapped_column(String(8), nullable=False)          # sms | other
    export_id: Mapped[str | None] = mapped_column(String(36))
    note: Mapped[str | None] = mapped_column(Text)
    by: Mapped[str] = mapped_column(String(64), nullable=False)
    at: Mapped[datetime] = mapped_column(DateTime, nullable=False, default=utcnow)


class FeedbackExportRow(Base):
    """One export for the SMS platform (who, when, how many rows, to which file, its digest)."""

    __tablename__ = "result_feedback_exports"

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    at: Mapped[datetime] = mapped_column(DateTime, nullable=False, default=utcnow)
    actor: Mapped[str] = mapped_column(String(64), nullable=False)
    office_code: Mapped[str] = mapped_column(String(8), nullable=False, default="")
    rows: Mapped[int] = mapped_column(Integer, nullable=False)
    path: Mapped[str] = mapped_column(Text, nullable=False)
    digest: Mapped[str] = mapped_column(String(64), nullable=False)


@dataclass(frozen=True)
class Due:
    """A case whose result is to be fed back."""

    case_id: str
    case_no: str
    office_code: str
    service_code: str
    mobile: str | None       # None: the applicant gave none — to be told by other means
    text: str                # the SMS text

    def masked(self) -> dict:
        return {"case_no": self.case_no, "office": self.office_code, "service_code": self.service_code,
                "mobile_masked": mask_phone(self.mobile) if self.mobile else None, "text": self.text}


def due(s: Session, *, office: str | None = None) -> list[Due]:
    """The cases due a feedback (see the module's text), oldest 办结 first."""
    from counter_central import entry_key
    from counter_central.approvals import case_catalogs

    catalogs = case_catalogs(s, "")
    names = {sv.code: sv.name for c in catalogs for sv in c.services}
    # only the services one of whose steps feeds its result back (the catalog in force): the other
    # cases' entries are never opened
    # and only the steps the catalog says feed it back: a block a client put on another step is not
    # honoured (the centre trusts no client with where an SMS goes)
    steps = {(sv.code, st.code) for c in catalogs for sv in c.services for st in sv.steps if st.result_feedback}
    services = {service for service, _ in steps}
    offices = {o.code: o.name for o in s.scalars(select(Office))}
    q = (select(CaseState).where(CaseState.state.in_(DONE_STATES), CaseState.service_code.in_(services))
         .where(CaseState.case_id.not_in(select(FeedbackRow.case_id))))
    if office:
        q = q.where(CaseState.office_code == office)
    out: list[Due] = []
    for case in s.scalars(q.order_by(CaseState.updated_at, CaseState.case_id)):
        rows = s.execute(select(ReceivedEntry.number, *entry_key.PAYLOAD)
                         .where(ReceivedEntry.aggregate_type == "case", ReceivedEntry.aggregate_id == case.case_id,
                                ReceivedEntry.kind == STEP_KIND, ReceivedEntry.outcome == "accepted")
                         .order_by(ReceivedEntry.received_at, ReceivedEntry.client_seq)).all()
        asked: tuple[str, str | None, str] | None = None
        for number, entry_id, version, stored in rows:
            body = entry_key.opened_json(entry_id, version, stored, s)
            if not isinstance(body, dict) or body.get("result") != "done" \
                    or (case.service_code, body.get("step_code")) not in steps:
                continue
            wanted, mobile = mobile_of(body)
            if wanted:                    # the latest such step stands
                asked = (str(number or body.get("case_no") or ""), mobile, str(body.get("step_kind") or ""))
        if asked is None:
            continue
        case_no, mobile, step_kind = asked
        service = case.service_code or ""
        out.append(Due(case.case_id, case_no, case.office_code, service, mobile,
                       message(names.get(service, service), case_no, offices.get(case.office_code, ""), step_kind)))
    return out


CSV_COLUMNS = ("mobile", "text", "case_no", "office")


def export_csv(s: Session, items: list[Due], path: str | os.PathLike, *, actor: str, office: str | None,
               force: bool = False) -> FeedbackExportRow:
    """Write the due cases with a mobile as CSV (UTF-8 with BOM) owner-only, whole or not at all,
    mark each fed back and record the export; commits. An existing file is written over only with
    ``force`` (:class:`~counter_protocol.private_files.OutputExists` else, nothing written or
    marked). Cases without a mobile are neither written nor marked."""
    from counter_central.audit import record_centre
    from counter_protocol.private_files import csv_bytes, write_private_file

    sent = [d for d in items if d.mobile]
    target = Path(path)
    data = csv_bytes(CSV_COLUMNS, ((d.mobile, d.text, d.case_no, d.office_code) for d in sent))
    row = FeedbackExportRow(id=str(uuid.uuid4()), at=utcnow(), actor=actor[:64] or "unknown", office_code=office or "",
                            rows=len(sent), path=str(target.resolve()), digest=hashlib.sha256(data).hexdigest())
    s.add(row)
    for d in sent:
        s.add(FeedbackRow(case_id=d.case_id, case_no=d.case_no, office_code=d.office_code, channel="sms",
                          export_id=row.id, by=row.actor, at=row.at))
    record_centre(s, actor=row.actor, action="results.export", object_type="export", object_id=row.id,
                  detail=f"办理结果短信反馈 {row.rows} 件（分局 {office or '全部'}），文件 {row.path}，SHA-256 {row.digest}")
    try:
        s.flush()                      # a case marked by another export meanwhile fails here: nothing written
    except IntegrityError:
        s.rollback()
        raise ResultFeedbackError("另一次导出同时标记了其中的办件，本次未导出任何内容：请重新运行") from None
    write_private_file(target, data, force=force)
    try:
        s.commit()
    except BaseException:
        # not marked: the file goes too, so the next export sends each once (never twice, never lost)
        target.unlink(missing_ok=True)
        raise
    return row


def told(s: Session, case_no: str, *, actor: str, note: str, office: str | None = None) -> Due:
    """Staff told the applicant of a due case without a mobile by other means (``note``: how, e.g.
    「2026-12-08 电话告知本人」): recorded, so it leaves the list; commits. A case with a mobile goes
    by the export; an unknown or not yet due case is refused."""
    from counter_central.audit import record_centre
    from counter_protocol.free_text import unsafe_characters

    note = (note or "").strip()
    if not note:
        raise ResultFeedbackError("请用 --note 写明如何告知了服务对象（如：电话告知本人）")
    if len(note) > MAX_NOTE or unsafe_characters(note):
        raise ResultFeedbackError(f"告知说明不超过 {MAX_NOTE} 字，且不能含控制字符或文字方向控制符")
    found = [d for d in due(s, office=office) if d.case_no == case_no.strip()]
    if not found:
        raise ResultFeedbackError(f"办件 {case_no} 不在待反馈办理结果的名单中（未办结、已反馈或不需反馈）")
    d = found[0]
    if d.mobile:
        raise ResultFeedbackError(f"办件 {case_no} 留有手机号码，请通过短信导出反馈（--csv）")
    s.add(FeedbackRow(case_id=d.case_id, case_no=d.case_no, office_code=d.office_code, channel="other",
                      note=mask_numbers(note),
                      by=actor[:64] or "unknown", at=utcnow()))
    record_centre(s, actor=actor[:64] or "unknown", action="results.told", object_type="case", object_id=d.case_no,
                  detail=f"办件 {d.case_no} 的办理结果已另行告知服务对象：{mask_numbers(note)}")
    s.commit()
    return d
