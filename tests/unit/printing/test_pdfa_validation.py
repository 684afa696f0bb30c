"""#16 / 7.2: every archived PDF conforms to PDF/A-2b, checked by a validator in the tests.

veraPDF is not reachable here (not on PyPI or Debian; its Maven build needs Maven Central), so two
independent checks run: pikepdf's allowlist validator (``pikepdf.pdfa``, built from veraPDF's ISO
19005-2 rules: it approves only what it knows conforms) and this program's own reading
(``printing.pdfa.pdfa_problems``). Each broken file below is one a real archive could meet."""

from __future__ import annotations

from io import BytesIO

import pikepdf
import pytest

from counter_app.domain.documents import DocumentKind
from counter_app.printing.pdfa import pdfa_problems, pdfa_validator_findings, to_pdfa2b
from counter_app.printing.samples import sample_fields
from counter_app.printing.templates import render_pdf


def _archived(kind: DocumentKind = DocumentKind.rejection_decision) -> bytes:
    return to_pdfa2b(render_pdf(kind, sample_fields(kind), "深人社不受〔2026〕1号", digest="a" * 64, archival=True))


def _edit(pdf: bytes, change) -> bytes:
    with pikepdf.open(BytesIO(pdf)) as doc:
        change(doc)
        out = BytesIO()
        doc.save(out, **getattr(change, "save_kwargs", {}))
        return out.getvalue()


@pytest.mark.parametrize("kind", list(DocumentKind), ids=lambda k: k.value)
def test_the_validator_approves_every_archived_document_kind(kind):
    pdf = _archived(kind)
    assert pdfa_validator_findings(pdf) == []
    assert pdfa_problems(pdf) == []


def test_the_issued_rendition_is_refused_by_the_validator_too():
    """The issued (non-archival) notice — unembedded Helvetica, no XMP identification, no output
    intent — is what the validator exists to catch."""
    issued = render_pdf(DocumentKind.rejection_decision, sample_fields(DocumentKind.rejection_decision), "X号",
                        digest="a" * 64)
    assert pdfa_validator_findings(issued)
    assert pdfa_validator_findings(to_pdfa2b(issued))          # identification alone does not embed Helvetica
    assert "字体 Helvetica 未嵌入" in pdfa_problems(to_pdfa2b(issued))


def _add_javascript(doc):
    js = pikepdf.Dictionary(S=pikepdf.Name.JavaScript, JS=pikepdf.String("app.alert('x')"))
    doc.Root.OpenAction = doc.make_indirect(js)


def _mismatched_title(doc):
    doc.docinfo["/Title"] = "另一份文书"


def _no_output_intent_and_a_bare_transparency_group(doc):
    del doc.Root["/OutputIntents"]
    doc.pages[0].obj.Group = pikepdf.Dictionary(Type=pikepdf.Name.Group, S=pikepdf.Name.Transparency)


def _embedded_file(doc):
    doc.attachments["data.txt"] = pikepdf.AttachedFileSpec(doc, b"hello", mime_type="text/plain")


def _encrypted(doc):
    pass


_encrypted.save_kwargs = {"encryption": pikepdf.Encryption(owner="o", user="", R=4)}


def _not_pdfa(doc):
    with doc.open_metadata(set_pikepdf_as_editor=False) as meta:
        meta["pdfaid:part"] = "1"


@pytest.mark.parametrize(("change", "own"), [
    (_add_javascript, "含有不允许的动作 JavaScript"),
    (_no_output_intent_and_a_bare_transparency_group, "透明组缺少混合色彩空间（/CS）"),
    (_embedded_file, "含有嵌入文件"),
    (_encrypted, "文件已加密"),
    (_not_pdfa, "XMP 元数据未声明 PDF/A-2B"),
], ids=lambda x: getattr(x, "__name__", "")[:40])
def test_each_broken_archive_is_refused_by_both_checks(change, own):
    broken = _edit(_archived(), change)
    problems = pdfa_problems(broken)
    assert own in problems, problems
    assert pdfa_validator_findings(broken), "the validator approved a broken file"
    assert any(p.startswith("PDF/A 校验器：") for p in problems)


def test_the_own_checks_see_what_the_validator_does_not():
    """ISO 19005-2 6.6.2.3.1: the document information entries equal their XMP equivalents. pikepdf's
    validator (10.18) does not compare them; the own check does."""
    broken = _edit(_archived(), _mismatched_title)
    assert pdfa_validator_findings(broken) == []
    assert "文档信息 Title 与 XMP 元数据 dc:title 不一致" in pdfa_problems(broken)


def test_the_validator_sees_what_the_own_checks_do_not():
    """Independent: an annotation without the print flag (ISO 19005-2 6.3.2) is outside the own
    checks; the validator refuses it."""
    def hidden_annotation(doc):
        annot = pikepdf.Dictionary(Type=pikepdf.Name.Annot, Subtype=pikepdf.Name.Square,
                                   Rect=pikepdf.Array([10, 10, 50, 50]))
        doc.pages[0].obj.Annots = pikepdf.Array([doc.make_indirect(annot)])

    broken = _edit(_archived(), hidden_annotation)
    findings = pdfa_validator_findings(broken)
    assert findings
    with pikepdf.open(BytesIO(broken)) as doc:
        from counter_app.printing.pdfa import _own_problems

        assert _own_problems(doc) == []
