"""Which reference data the counter works with (业务目录、政策参数): the centre's newest published
version whose 生效日期 has come (the Beijing day) once the sync process has pulled one — newest by the
centre's publication order, never by when this machine received it — else the version shipped in
``resources/``. A version published with a later 生效日期 is announced (doctor says which and from
when) and takes effect on that day.

The centre is authoritative: a catalog it publishes (materials changed, a service added) takes effect
for cases started after it arrives; a case in progress keeps the service entry it started under
(``CaseWorkflow`` stores it with the case). A pulled version that does not validate is not used: the
shipped one stays in force and the problem is logged (and shown by ``counter-app doctor``).
"""

from __future__ import annotations

import logging
import threading
from dataclasses import dataclass, replace
from datetime import date
from typing import TYPE_CHECKING, Any, Callable, Generic, TypeVar

from counter_app.domain.authorisation import AuthorisationError, AuthorisationTable, table_from_dict
from counter_app.domain.catalog import Catalog, CatalogError, catalog_from_dict
from counter_rules.params import ParameterError, ParameterSet
from counter_app.reference.authorisation import default_authorisation
from counter_app.reference.catalog import default_catalog
from counter_app.reference.offices import default_offices
from counter_app.reference.params import load_policy_params
from counter_rules.offices import OfficeFacts, OfficesError, offices_from_dict
from counter_app.reference.holidays import default_calendar
from counter_app.sync.status import pulled_references, pulled_version, reference_choice
from counter_protocol.free_text import shown
from counter_protocol.reference_names import AUTHORISATION, CATALOG, HOLIDAYS, OFFICES, POLICY_PARAMS, TITLES
from counter_protocol.workdays import CalendarError, HolidayCalendar, calendar_of, check_holiday_document

if TYPE_CHECKING:
    from counter_app.storage.db import Store

log = logging.getLogger(__name__)

# the names and titles of the reference data the counter reads: counter_protocol.reference_names
# (the centre publishes no other)
T = TypeVar("T")
PROBLEM_MAX_CHARS = 500     # why a pulled version is not used: its words come from the centre's document


@dataclass(frozen=True)
class InForce(Generic[T]):
    """A reference data set in force here and where it came from (中文, for doctor and the CLI)."""

    value: T
    source: str          # e.g. "中心发布 v2-1a2b3c4d" or "随程序发布"
    problem: str = ""    # why a pulled version is not used
    upcoming: tuple[str, str] | None = None   # (version, 生效日期) of the next publication announced

    def upcoming_text(self) -> str:
        """``；中心发布 2027.0 自 2027-06-01 起生效`` when a later version is announced, else empty."""
        if self.upcoming is None:
            return ""
        version, day = self.upcoming
        return f"；中心发布 {shown(version, 80)} 自 {day} 起生效"


_lock = threading.Lock()
_built: dict[tuple[str, str], InForce[Any]] = {}   # (name, pulled version) → what it gave


def _resolve(store, name: str, build: Callable[[Any, str], T], shipped: Callable[[], T],
             today: date | None = None) -> InForce[T]:
    """The version of ``name`` in force on ``today`` (now when None): the centre's newest
    publication whose 生效日期 has come (counter_app.sync.status.reference_choice — the one rule),
    else the shipped one; with the next publication announced and its date."""
    choice = reference_choice(store, name, today)
    upcoming = (choice.next.version, choice.next_from or "") if choice.next is not None else None
    if choice.current is None:
        return InForce(shipped(), "随程序发布", upcoming=upcoming)
    version = choice.current.version
    with _lock:
        known = _built.get((name, version))
    if known is None:
        known = _build(store, name, version, build, shipped)
    return known if upcoming is None else replace(known, upcoming=upcoming)


def _build(store, name: str, version: str, build: Callable[[Any, str], T], shipped: Callable[[], T]) -> InForce[T]:
    doc = pulled_version(store, name, version)
    if doc is None:
        return InForce(shipped(), "随程序发布")
    try:
        found = InForce(build(doc["content"], version), f"中心发布 {shown(version, 80)}")
    except (CatalogError, ParameterError, AuthorisationError, OfficesError, KeyError, TypeError, ValueError) as exc:
        # the version and the message quote the centre's document (a service code, a field): the
        # centre's words, shown and logged only through shown() (docs/sync.md), never a raw RLO or ESC
        problem = shown(f"中心发布的{TITLES[name]} {version} 无法使用：{exc}", PROBLEM_MAX_CHARS)
        log.error("%s; the shipped version stays in force", problem)
        found = InForce(shipped(), "随程序发布", problem)
    with _lock:
        _built[(name, version)] = found
    return found


def catalog_in_force(store, today: date | None = None) -> InForce[Catalog]:
    return _resolve(store, CATALOG, lambda content, _v: catalog_from_dict(content), default_catalog, today)


def current_catalog(store) -> Catalog:
    """The 业务目录 new cases are started with."""
    return catalog_in_force(store).value


def params_in_force(store, today: date | None = None) -> InForce[ParameterSet]:
    return _resolve(store, POLICY_PARAMS,
                    lambda content, version: ParameterSet.from_mapping(content, source=f"中心发布 {version}"),
                    load_policy_params, today)


def current_params(store) -> ParameterSet:
    """The 政策参数 the rules use."""
    return params_in_force(store).value


def authorisation_in_force(store, today: date | None = None) -> InForce[AuthorisationTable]:
    return _resolve(store, AUTHORISATION, lambda content, version: table_from_dict(content, version),
                    default_authorisation, today)


def current_authorisation(store) -> AuthorisationTable:
    """The 分级授权表 (7.3.2) in force: which actions need which supervisor level."""
    return authorisation_in_force(store).value


def offices_in_force(store, today: date | None = None) -> InForce[dict[str, OfficeFacts]]:
    return _resolve(store, OFFICES, lambda content, _v: offices_from_dict(content), default_offices, today)


def remedy_fields(store, office_code: str) -> dict[str, str]:
    """What a decision of office ``office_code`` names for 行政复议 and 行政诉讼 (``review_body``,
    ``court``; counter_rules.offices), as the centre published them — empty when not set."""
    return offices_in_force(store).value.get(office_code, OfficeFacts()).remedy_fields()


def transfer_office_fields(store, office_code: str) -> dict[str, str]:
    """The fund account and contact this office's 转移联系函 gives the 转出地 agency (``account_name``,
    ``bank``, ``bank_account``, ``contact_address``, ``contact_phone``, ``postcode``; counter_rules.offices),
    as the centre published them — empty when not set."""
    return offices_in_force(store).value.get(office_code, OfficeFacts()).transfer_fields()


def calendar_in_force(store, today: date | None = None) -> InForce[HolidayCalendar]:
    """The 节假日日历 办理时限 are counted on: the shipped yearly files and every ``holidays`` version
    the centre published whose 生效日期 has come (one year each; a year published replaces the
    shipped file of that year, a later publication an earlier one — counter_protocol.workdays
    .calendar_of). A published year that does not check is not used, and said."""
    from counter_app.reference.holidays import shipped_documents

    pulled = pulled_references(store, HOLIDAYS, today)
    if not pulled:
        return InForce(default_calendar(), "随程序发布")
    key = (HOLIDAYS, "|".join(doc["version"] for doc in pulled))
    with _lock:
        known = _built.get(key)
    if known is not None:
        return known
    usable, problems = [], []
    for doc in pulled:
        try:
            check_holiday_document(doc["content"])
        except CalendarError as exc:
            problems.append(shown(f"中心发布的节假日日历 {doc['version']} 无法使用：{exc}", PROBLEM_MAX_CHARS))
            continue
        usable.append(doc)
    for problem in problems:
        log.error("%s; not used", problem)
    found = InForce(calendar_of(shipped_documents(), [doc["content"] for doc in usable]),
                    "随程序发布" + "".join(f"、中心发布 {shown(doc['version'], 80)}" for doc in usable),
                    "；".join(problems))
    with _lock:
        _built[key] = found
    return found


def calendar_years_text(calendar: HolidayCalendar) -> str:
    return "、".join(str(y) for y in sorted(calendar.years)) or "无"


_SETS: dict[str, tuple[Callable[[Store], InForce[Any]], Callable[[], object]]] = {
    CATALOG: (catalog_in_force, default_catalog), POLICY_PARAMS: (params_in_force, load_policy_params),
    AUTHORISATION: (authorisation_in_force, default_authorisation), OFFICES: (offices_in_force, default_offices),
    HOLIDAYS: (calendar_in_force, default_calendar)}


def in_force_on_this_workstation(name: str) -> InForce[Any]:
    """What is in force for ``name`` on this workstation, read from its store as it is — no
    migration, no backup (``counter-app doctor``, the CLI). The shipped version when there is no
    store yet; also when the store cannot be read as it is, with the problem said."""
    from sqlalchemy.exc import SQLAlchemyError

    from counter_app.paths import app_paths
    from counter_app.storage.db import Store, StoreError

    resolve, shipped = _SETS[name]
    path = app_paths().database_file
    if not path.exists():
        return InForce(shipped(), "随程序发布")
    unreadable = "随程序发布（本机数据库需先升级）"
    try:
        store = Store.open(path, migrate=False)
    except StoreError as exc:
        from counter_app.domain.messages import data_dir_message
        from counter_app.paths import refused_home

        refused = refused_home(exc)      # SQLite's English "readonly database": the directory, said as such
        why = data_dir_message(*refused) if refused is not None else str(exc)
        return InForce(shipped(), unreadable, f"无法读取本机数据库，未能核对{TITLES[name]}：{why}")
    try:
        return resolve(store)
    except SQLAlchemyError as exc:
        return InForce(shipped(), unreadable, f"无法读取本机数据库，未能核对{TITLES[name]}：{exc.__class__.__name__}")
    finally:
        store.close()
