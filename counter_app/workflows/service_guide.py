"""打印服务指南 (7.5.1 服务信息公开): one clerk action — the guide of one service, or of every service in one
PDF, built from the 业务目录 in force and this office's published 投诉渠道, queued on the print queue and
audited (``guide.print_submitted``). It belongs to no case: no 文号, no document record.

Refused, with nothing queued, when this office has no 投诉渠道 published (a guide without them fails
7.5.1), when a service code is unknown, or when the guide cannot be drawn (no print font).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Iterable

from counter_app.domain.service_guide import GUIDE_TITLE, GuideRefused, ServiceGuide, build_guide
from counter_rules.offices import ComplaintChannel, OfficeFacts

if TYPE_CHECKING:
    from counter_app.printing.printqueue import JobView, PrintQueue
    from counter_app.storage.db import Store

AUDIT_ACTION = "guide.print_submitted"


@dataclass(frozen=True)
class GuideChoice:
    """A service the clerk may print the guide of (the UI's chooser, ``print guide`` without --service)."""

    code: str
    name: str


@dataclass(frozen=True)
class GuidePrinted:
    """What the action changed: the print job queued, and what it holds."""

    job: "JobView"
    services: tuple[str, ...]
    pages: int
    catalog_version: str


def services(store: "Store") -> list[GuideChoice]:
    """The services of the 业务目录 in force, in the catalog's order."""
    from counter_app.workflows.reference import current_catalog

    return [GuideChoice(s.code, s.name) for s in current_catalog(store).services]


def complaint_channels(store: "Store", office_code: str) -> tuple[ComplaintChannel, ...]:
    """This office's 投诉渠道 as the centre published them (reference data ``offices``); () when none."""
    from counter_app.workflows.reference import offices_in_force

    return offices_in_force(store).value.get(office_code, OfficeFacts()).complaint_channels


def guides(store: "Store", codes: Iterable[str] | None, *, office: str, office_code: str) -> list[ServiceGuide]:
    """The guides of ``codes`` (None: every service), or :class:`GuideRefused` naming what is missing."""
    from counter_app.domain.catalog import CatalogError
    from counter_app.reference.clauses import section6_clauses
    from counter_app.workflows.reference import current_catalog

    catalog = current_catalog(store)
    chosen = list(dict.fromkeys(codes)) if codes is not None else catalog.codes()
    if not chosen:
        raise GuideRefused.of("none_chosen")
    channels = complaint_channels(store, office_code)
    out = []
    for code in chosen:
        try:
            service = catalog.get(code)
        except (CatalogError, KeyError):
            raise GuideRefused.of("unknown_service", catalog.version, code[:40], "、".join(catalog.codes())) from None
        out.append(build_guide(service, catalog, office=office, office_code=office_code, channels=channels,
                               clause_titles=section6_clauses()))
    return out


def render(store: "Store", codes: Iterable[str] | None, *, office: str, office_code: str, font_path: str = "",
           on: date | None = None) -> tuple[bytes, list[ServiceGuide]]:
    """The PDF of the guides (nothing queued, nothing recorded): GuideRefused when it cannot be made."""
    from counter_app.printing.errors import RenderError
    from counter_app.printing.fonts import FontError
    from counter_app.printing.service_guide import render_guides

    chosen = guides(store, codes, office=office, office_code=office_code)
    try:
        pdf = render_guides(chosen, printed_on=(on or date.today()).isoformat(), font_path=font_path)
    except (FontError, RenderError) as exc:
        raise GuideRefused.of("render_failed", exc) from None
    return pdf, chosen


def print_guides(store: "Store", queue: "PrintQueue", codes: Iterable[str] | None, *, office: str, office_code: str,
                 font_path: str = "", printer: str | None = None, copies: int = 1, clerk: str = "",
                 on: date | None = None) -> GuidePrinted:
    """打印服务指南: render the guides of ``codes`` (None: every service, one PDF) and queue them on
    ``queue`` (whose roles check decides who prints), audited ``guide.print_submitted``."""
    from counter_app.printing.integrity import page_count

    pdf, chosen = render(store, codes, office=office, office_code=office_code, font_path=font_path, on=on)
    names = chosen[0].name if len(chosen) == 1 else f"全部{len(chosen)}项业务"
    view = queue.submit_notice(pdf, title=f"{GUIDE_TITLE} {names}", action=AUDIT_ACTION, object_type="service_guide",
                               object_id="all" if codes is None else ",".join(g.code for g in chosen), printer=printer, copies=copies,
                               clerk=clerk)
    return GuidePrinted(view, tuple(g.code for g in chosen), page_count(pdf) or 0, chosen[0].catalog_version)
