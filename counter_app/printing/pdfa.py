"""PDF/A-2b for archived documents (7.2: long-term formats): the rendition written by
``render_pdf(..., archival=True)`` (every font embedded, including the page's initial font) gets the
XMP metadata identifying PDF/A-2B (pdfaid part 2, conformance B, from the document information)
and an sRGB output intent (ICC profile made by Pillow's LittleCMS, no system file needed).

Two independent checks, both run by ``archive verify`` and the tests:

- ``pdfa_validator_findings``: pikepdf's PDF/A validator (``pikepdf.pdfa``, pikepdf ≥ 10.18 with
  its ``pdfa`` extra). It is an allowlist validator built from veraPDF's rule set for ISO 19005-2:
  it approves a file only when every construct it meets is known to conform, so an approval is
  never a false one (a denial may be a false alarm).
- ``pdfa_problems``: this module's own reading of the parts of ISO 19005-2 level B this program can
  break — an unembedded font (the Helvetica reportlab declares included), pdfaid identification
  missing or not matching the document information dictionary, no output intent with an ICC
  profile, encryption, JavaScript or actions that launch something, a transparency group without a
  blending colour space, embedded files, a missing file identifier — plus the validator's findings.

veraPDF itself (the reference validator, Java) is not used: it is packaged neither for PyPI nor for
Debian, and its Maven build needs Maven Central, which this build machine cannot reach (see
docs/architecture.md).
"""

from __future__ import annotations

import warnings
from io import BytesIO
from typing import Any


def _srgb_icc() -> bytes:
    from PIL import ImageCms

    return ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()


def to_pdfa2b(pdf: bytes) -> bytes:
    import pikepdf

    with pikepdf.open(BytesIO(pdf)) as doc:
        for page in doc.pages:        # reportlab's empty page transition dictionary: no meaning in an archive
            if "/Trans" in page.obj and len(page.obj.Trans.keys()) == 0:
                del page.obj["/Trans"]
        with doc.open_metadata(set_pikepdf_as_editor=False) as meta:
            with warnings.catch_warnings():   # /Trapped has no XMP equivalent: dropped, as PDF/A allows
                warnings.simplefilter("ignore", UserWarning)
                meta.load_from_docinfo(doc.docinfo)
            meta["pdfaid:part"] = "2"
            meta["pdfaid:conformance"] = "B"
        icc = doc.make_stream(_srgb_icc())
        icc.N = 3
        intent = pikepdf.Dictionary(
            Type=pikepdf.Name.OutputIntent, S=pikepdf.Name.GTS_PDFA1,
            OutputConditionIdentifier="sRGB IEC61966-2.1", Info="sRGB IEC61966-2.1", DestOutputProfile=icc)
        doc.Root.OutputIntents = pikepdf.Array([intent])
        out = BytesIO()
        doc.save(out, deterministic_id=True, fix_metadata_version=False)
        return out.getvalue()


def pdfa_validator_findings(pdf: bytes) -> list[str]:
    """pikepdf's allowlist PDF/A-2b validator (veraPDF rules): every reason it does not approve ``pdf``."""
    from pikepdf.pdfa import validate_written

    report = validate_written(BytesIO(pdf), "2b")
    return [str(f) for f in report.findings] if not report.passed else []


_INFO_XMP = {"/Title": "dc:title", "/Author": "dc:creator", "/Subject": "dc:description",
             "/Producer": "pdf:Producer", "/Keywords": "pdf:Keywords", "/Creator": "xmp:CreatorTool"}


def _xmp_text(value: Any) -> str:
    if isinstance(value, (list, tuple)):
        return ", ".join(str(v) for v in value)
    if isinstance(value, dict):
        return str(value.get("x-default", next(iter(value.values()), "")))
    return str(value)


def _walk(obj, seen: set) -> Any:
    """Every dictionary reachable from ``obj`` (each indirect object once)."""
    import pikepdf

    stack = [obj]
    while stack:
        o = stack.pop()
        if isinstance(o, pikepdf.Object) and o.is_indirect:
            key = o.objgen
            if key in seen:
                continue
            seen.add(key)
        if isinstance(o, pikepdf.Dictionary) or isinstance(o, pikepdf.Stream):
            d = o.stream_dict if isinstance(o, pikepdf.Stream) else o
            yield d
            stack.extend(v for k, v in d.items() if k not in ("/Parent", "/P"))
        elif isinstance(o, pikepdf.Array):
            stack.extend(o)


def _own_problems(doc) -> list[str]:

    problems: list[str] = []
    if doc.is_encrypted:
        problems.append("文件已加密")
    if "/ID" not in doc.trailer:
        problems.append("缺少文件标识（trailer /ID）")
    meta = doc.open_metadata()
    if meta.get("pdfaid:part") != "2" or meta.get("pdfaid:conformance") != "B":
        problems.append("XMP 元数据未声明 PDF/A-2B")
    info = doc.docinfo if "/Info" in doc.trailer else {}
    for key, prop in _INFO_XMP.items():
        if key in info and str(info[key]) and _xmp_text(meta.get(prop, "")) != str(info[key]):
            problems.append(f"文档信息 {key.lstrip('/')} 与 XMP 元数据 {prop} 不一致")
    intents = doc.Root.get("/OutputIntents")
    if not intents or not any(i.get("/S") == "/GTS_PDFA1" and "/DestOutputProfile" in i for i in intents):
        problems.append("缺少 PDF/A 输出意图（ICC）")
    names = doc.Root.get("/Names", {})
    if "/JavaScript" in names:
        problems.append("含有 JavaScript")
    if "/EmbeddedFiles" in names:
        problems.append("含有嵌入文件")
    if "/AA" in doc.Root:
        problems.append("含有文档级自动动作（/AA）")
    seen_fonts: set[str] = set()
    seen: set = set()
    for d in _walk(doc.Root, seen):
        action = d.get("/S")
        if action in ("/JavaScript", "/Launch", "/ImportData", "/ResetForm", "/Movie", "/Sound") or "/JS" in d:
            problems.append(f"含有不允许的动作 {str(action or '/JS').lstrip('/')}")
        if d.get("/S") == "/Transparency" and "/CS" not in d and not intents:
            # ISO 19005-2 6.2.10: without a PDF/A output intent a transparency group names its colour space
            problems.append("透明组缺少混合色彩空间（/CS）")
        if d.get("/Type") == "/Font" and "/BaseFont" in d:
            name = str(d.get("/BaseFont"))
            described = list(d.DescendantFonts) if d.get("/Subtype") == "/Type0" else [d]
            if d.get("/Subtype") == "/Type3":
                continue
            embedded = all("/FontDescriptor" in f and any(k in f.FontDescriptor for k in
                                                          ("/FontFile", "/FontFile2", "/FontFile3"))
                           for f in described)
            if not embedded and name not in seen_fonts:
                seen_fonts.add(name)
                problems.append(f"字体 {name.lstrip('/')} 未嵌入")
    return list(dict.fromkeys(problems))


def pdfa_problems(pdf: bytes) -> list[str]:
    """What keeps ``pdf`` from PDF/A-2b (empty: none found): this module's checks, then the validator's."""
    import pikepdf

    try:
        doc = pikepdf.open(BytesIO(pdf))
    except pikepdf.PdfError:
        return ["不是有效的PDF文件"]
    with doc:
        problems = _own_problems(doc)
    try:
        findings = pdfa_validator_findings(pdf)
    except ImportError:    # pikepdf without its pdfa extra: the own checks only (make setup installs the extra)
        findings = []
    return problems + [f"PDF/A 校验器：{f}" for f in findings]
