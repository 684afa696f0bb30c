"""PDF/A-2b for archived documents (7.2: long-term formats): the rendition written by
``render_pdf(..., archival=True)`` (every font embedded, including the page's initial font) gets the
XMP metadata identifying PDF/A-2B (pdfaid part 2, conformance B, from the document information)
and an sRGB output intent (ICC profile made by Pillow's LittleCMS, no system file needed).

``pdfa_problems`` is the check the tests and ``archive verify`` use (pikepdf): the parts of
ISO 19005-2 level B this program can break — an unembedded font, missing or wrong pdfaid
identification, no output intent, encryption, a missing file identifier. It is no full validator
(veraPDF is not packaged for PyPI or Debian).
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


def pdfa_problems(pdf: bytes) -> list[str]:
    """What keeps ``pdf`` from PDF/A-2b, as far as checked here (empty: none found)."""
    import pikepdf

    problems: list[str] = []
    try:
        doc = pikepdf.open(BytesIO(pdf))
    except pikepdf.PdfError:
        return ["不是有效的PDF文件"]
    with doc:
        if doc.is_encrypted:
            problems.append("文件已加密")
        if "/ID" not in doc.trailer:
            problems.append("缺少文件标识（trailer /ID）")
        meta = doc.open_metadata()
        if meta.get("pdfaid:part") != "2" or meta.get("pdfaid:conformance") != "B":
            problems.append("XMP 元数据未声明 PDF/A-2B")
        intents = doc.Root.get("/OutputIntents")
        if not intents or not any(i.get("/S") == "/GTS_PDFA1" and "/DestOutputProfile" in i for i in intents):
            problems.append("缺少 PDF/A 输出意图（ICC）")
        seen: set[str] = set()
        for page in doc.pages:
            fonts: Any = page.Resources.get("/Font", {}) if "/Resources" in page else {}
            for _key, font in fonts.items():
                name = str(font.get("/BaseFont", "?"))
                described = [font]
                if font.get("/Subtype") == "/Type0":
                    described = list(font.DescendantFonts)
                embedded = all("/FontDescriptor" in f and any(k in f.FontDescriptor for k in
                                                              ("/FontFile", "/FontFile2", "/FontFile3"))
                               for f in described)
                if not embedded and name not in seen:
                    seen.add(name)
                    problems.append(f"字体 {name.lstrip('/')} 未嵌入")
    return problems
