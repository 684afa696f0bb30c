"""缴费核定 (6.2.1.1 b–c, 6.2.2) through the path the clerk takes: ``case import``, the typed 核定 at
``case step determine_amount`` (the window's form rules), ``push_detail`` issuing the 缴费明细, and the
PDF of the archive package read back — the printed table carries the amounts that were determined."""

from __future__ import annotations

import io
import json
import zipfile

import pdfplumber

from tests.support.cases import man_born_1960
from tests.unit.cli.test_cli_case import run, write

AGENT = "440306196610091987"


def _imported(tmp_path, capsys, applicant_type: str, applicant: dict) -> str:
    code, out, err = run(capsys, "case", "import", write(tmp_path, {
        "service": "contribution", "applicant_type": applicant_type, "applicant": applicant,
        "materials": "all", "conditions": "confirmed"}, "import.json"), "--json")
    assert code == 0, err or out
    case = json.loads(out)
    assert case["state"] == "accepted", case
    return case["case_no"]


def _step(tmp_path, capsys, case_no: str, step: str, data: dict | None = None, code: int = 0) -> dict:
    argv = ["case", "step", case_no, step, "--json"]
    if data is not None:
        argv[4:4] = ["--data", write(tmp_path, data, f"{step}.json")]
    got, out, err = run(capsys, *argv)
    assert got == code, (got, out, err)
    assert "Traceback" not in err
    return json.loads(out)


def _detail_text(tmp_path, capsys, case_no: str) -> str:
    """The 缴费明细 as printed: the PDF of the case's archive package, its text."""
    out = tmp_path / f"{case_no}.zip"
    code, _out, err = run(capsys, "materials", "package", case_no, "--out", str(out))
    assert code == 0, err
    with zipfile.ZipFile(out) as z:
        names = [n for n in z.namelist() if n.startswith("documents/") and "明细" in n]
        assert len(names) == 1, z.namelist()
        with pdfplumber.open(io.BytesIO(z.read(names[0]))) as pdf:
            return "".join(p.extract_text() or "" for p in pdf.pages)


def test_the_detail_prints_the_amounts_determined_at_the_window(app_home, signed_in, tmp_path, capsys):
    """An agent's case, 8000 declared: the 缴费明细 lists the insured person with base 8,000.00,
    employer 1,280.00, individual 640.00, 1,920.00 (not an empty table with 合计 0.00)."""
    insured = man_born_1960(70)
    case_no = _imported(tmp_path, capsys, "agent", {"id_number": insured, "name": "吴敏",
                                                    "agent_name": "吴小明", "agent_id_number": AGENT})
    _step(tmp_path, capsys, case_no, "determine_amount", {"contributions.declared_base": "8000"})
    pushed = _step(tmp_path, capsys, case_no, "push_detail")
    assert pushed["ok"] is True
    text = _detail_text(tmp_path, capsys, case_no)
    flat = text.replace(" ", "").replace("\n", "")
    from counter_rules.masking import mask_id

    assert "吴敏" in flat and mask_id(insured) in flat           # the row's ID masked, as the core system's rows
    for figure in ("8,000.00", "1,280.00", "640.00", "1,920.00"):
        assert figure in flat, (figure, text)
    assert "0.000.000.00" not in flat


def test_a_unit_detail_names_the_unit_with_its_amounts(app_home, signed_in, tmp_path, capsys):
    """A unit's window 核定 (no per-employee rows from the core system): the one declared base is the
    unit's, so the row names the unit and its 统一社会信用代码 with the amounts determined."""
    case_no = _imported(tmp_path, capsys, "unit", {"unit_name": "深圳市示范科技有限公司",
                                                   "credit_code": "91440300708461136T"})
    _step(tmp_path, capsys, case_no, "enter_registration")
    _step(tmp_path, capsys, case_no, "determine_amount", {"contributions.declared_base": "4774.99"})
    _step(tmp_path, capsys, case_no, "push_detail")
    flat = _detail_text(tmp_path, capsys, case_no).replace(" ", "").replace("\n", "")
    assert "深圳市示范科技有限公司" in flat and "91440300708461136T" in flat
    for figure in ("4,775.00", "764.00", "382.00", "1,146.00"):
        assert figure in flat, figure


def test_a_detail_whose_amounts_were_never_determined_is_refused(store):
    """A 核定 recorded without amounts (e.g. by an older client, before the step was guarded): the
    缴费明细 is refused at 「生成缴费明细并推送」, named in Chinese — no document numbered, nothing
    queued for the collector, the step not recorded."""
    from sqlalchemy import func, select

    from counter_app.domain.case_engine import TransitionRefused
    from counter_app.storage.tables_cases import CaseDocumentRow, CaseStepRow
    from counter_app.storage.tables_core import OutboxEntry
    from tests.support.cases import clerk_service, ready_case

    workflow = clerk_service(store)
    cid = ready_case(workflow, "contribution", applicant={"name": "张三", "id_number": man_born_1960(72)})
    workflow.decide(cid, expected="accepted")
    amounts = {"period": "2026-12", "declared_base": "8000.00", "base": "8000.00", "employer": "1280.00",
               "individual": "640.00", "total": "1920.00"}
    workflow.record_step(cid, "determine_amount", data={"contributions": amounts})
    with store.session() as s:
        row = s.scalars(select(CaseStepRow).where(CaseStepRow.case_id == cid)).one()
        row.data = json.dumps({"contributions": {"period": "2026-12"}})
        s.commit()

    def counts():
        with store.session() as s:
            return (s.scalar(select(func.count()).select_from(CaseDocumentRow).where(CaseDocumentRow.case_id == cid)),
                    s.scalar(select(func.count()).select_from(OutboxEntry)))

    before = counts()
    try:
        workflow.record_step(cid, "push_detail")
    except TransitionRefused as refused:
        assert "《职工基本养老保险缴费明细》无法出具" in str(refused)
        assert "核定的单位缴费金额、核定的个人缴费金额" in str(refused)
    else:
        raise AssertionError("a 缴费明细 without determined amounts was issued")
    assert counts() == before
    assert workflow.get(cid).next_step == "push_detail"


def test_the_template_refuses_a_detail_without_amounts():
    """The printer's template checks the same: no rows and no 核定 amounts → RenderError, no PDF."""
    import pytest

    from counter_app.domain.documents import DocumentKind
    from counter_app.printing.samples import sample_fields, sample_number
    from counter_app.printing.templates import RenderError, render_pdf

    fields = sample_fields(DocumentKind.contribution_detail)
    fields["contributions"] = {"period": "2026-02", "employer_rate": "16%", "individual_rate": "8%"}
    with pytest.raises(RenderError, match="单位缴费、个人缴费尚未核定"):
        render_pdf(DocumentKind.contribution_detail, fields, sample_number(DocumentKind.contribution_detail))
