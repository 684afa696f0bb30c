"""Service picker (业务选择): the catalog grouped as the standard groups it, searchable.

Search matches the Chinese name, the pinyin initials (参保登记 → ``cbdj``) and the clause number
(``6.1.1``). The keys are computed once per catalog. Recently used services are kept in a small
QSettings file in the config directory and shown as the first group.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from PySide6.QtCore import (QT_TRANSLATE_NOOP, QAbstractItemModel, QCoreApplication, QEvent, QModelIndex, QObject,
                            QPersistentModelIndex, QSettings, QSortFilterProxyModel, Qt, Signal)
from PySide6.QtCore import QRect, QSize
from PySide6.QtWidgets import QLineEdit, QStyledItemDelegate, QTreeView, QVBoxLayout, QWidget

from counter_app.ui.catalog_text import catalog_tr
from counter_app.ui.store_errors import fill_params
from counter_app.ui.panel_kit import viewport_of

# 6.x top-level groups of DB4403/T 254.1—2022 section 6 (the standard's own headings).
GROUPS: tuple[tuple[str, object], ...] = (   # object: QT_TRANSLATE_NOOP's type; a str at run time
    ("6.1", QT_TRANSLATE_NOOP("ServicePicker", "登记服务")),
    ("6.2", QT_TRANSLATE_NOOP("ServicePicker", "缴费核定")),
    ("6.3", QT_TRANSLATE_NOOP("ServicePicker", "个人账户")),
    ("6.4", QT_TRANSLATE_NOOP("ServicePicker", "关系转移接续")),
    ("6.5", QT_TRANSLATE_NOOP("ServicePicker", "历史信息审核")),
    ("6.6", QT_TRANSLATE_NOOP("ServicePicker", "待遇核定")),
)
RECENT_GROUP = QT_TRANSLATE_NOOP("ServicePicker", "最近使用")
OTHER_GROUP = QT_TRANSLATE_NOOP("ServicePicker", "其他")
RECENT_MAX = 5
ServiceCodeRole = Qt.ItemDataRole.UserRole + 1


def _tr(text: str) -> str:
    return QCoreApplication.translate("ServicePicker", text)


@lru_cache(maxsize=256)
def pinyin_initials(text: str) -> str:
    from pypinyin import Style, lazy_pinyin

    return "".join(p[0] for p in lazy_pinyin(text, style=Style.FIRST_LETTER, errors="ignore") if p and p[0].isalnum()).lower()


@dataclass(frozen=True)
class ServiceEntry:
    code: str
    name: str
    clause: str
    initials: str

    def score(self, query: str) -> int:
        """How well ``query`` matches (0: not at all; higher is better)."""
        q = query.strip().lower()
        if not q:
            return 1
        if self.name == query.strip():
            return 100
        if self.initials.startswith(q):
            return 90 - len(self.initials)     # the shorter name wins on a tie
        if self.name.startswith(query.strip()):
            return 80
        if query.strip() in self.name:
            return 70
        if self.clause.startswith(q):
            return 60 - len(self.clause)
        if self.name != (shown := catalog_tr(self.name)) and q in shown.lower():
            return 50                          # the English UI: its English name
        if q in self.initials:
            return 40
        if q in self.code.lower():
            return 30
        return 0


@dataclass
class _Node:
    title: str
    entry: ServiceEntry | None = None
    parent: "_Node | None" = None
    children: list["_Node"] = field(default_factory=list)

    def row(self) -> int:
        return self.parent.children.index(self) if self.parent else 0


def group_of(clause: str) -> str:
    for prefix, name in GROUPS:
        if clause == prefix or clause.startswith(prefix + "."):
            return str(name)
    return str(OTHER_GROUP)


def _initials_cache_file() -> Path:
    from counter_app.paths import app_paths

    return app_paths().cache_dir / "pinyin-initials.json"


SHIPPED_INITIALS = "catalog/pinyin-initials.json"   # the shipped catalog's names (tools/catalog_initials.py)


def _read_initials(path: Path) -> dict:
    import json

    try:
        found = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return found if isinstance(found, dict) else {}


def initials_for(names: list[str]) -> dict[str, str]:
    """Pinyin initials of the service names, cached on disk: importing pypinyin's dictionaries
    costs ~0.4 s with the interpreter lock held (the window does not answer meanwhile), so it is
    paid once per catalog change, not on every start — and not even on the first start for the
    shipped catalog, whose names' initials ship beside it."""
    import json

    path = _initials_cache_file()
    cached = _read_initials(path)
    missing = [n for n in names if not isinstance(cached.get(n), str)]
    if missing:
        from counter_app.resources import resources_root

        shipped = _read_initials(resources_root() / SHIPPED_INITIALS)
        cached.update({n: shipped[n] for n in missing if isinstance(shipped.get(n), str)})
        missing = [n for n in missing if not isinstance(cached.get(n), str)]
    if missing:
        cached.update({n: pinyin_initials(n) for n in missing})
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(json.dumps(cached, ensure_ascii=False), encoding="utf-8")
        except OSError:
            pass  # a read-only cache dir only costs speed
    return {n: cached[n] for n in names}


def entries_of(catalog) -> list[ServiceEntry]:
    initials = initials_for([s.name for s in catalog.services])
    return [ServiceEntry(s.code, s.name, s.clause, initials[s.name]) for s in catalog.services]


class ServiceTreeModel(QAbstractItemModel):
    """Two levels: group (最近使用 first, then the standard's groups) → service."""

    def __init__(self, entries: list[ServiceEntry] | None = None, recent: list[str] | None = None,
                 parent: QObject | None = None):
        super().__init__(parent)
        self._root = _Node("")
        self._entries: list[ServiceEntry] = []
        self.set_entries(entries or [], recent or [])

    def set_entries(self, entries: list[ServiceEntry], recent: list[str]) -> None:
        self.beginResetModel()
        self._entries = list(entries)
        root = _Node("")
        by_code = {e.code: e for e in entries}
        recent_entries = [by_code[c] for c in recent if c in by_code]
        if recent_entries:
            g = _Node(str(RECENT_GROUP), parent=root)
            g.children = [_Node(e.name, e, g) for e in recent_entries]
            root.children.append(g)
        for _, name in GROUPS + (("", OTHER_GROUP),):
            members = [e for e in entries if group_of(e.clause) == name]
            if not members:
                continue
            g = _Node(str(name), parent=root)
            g.children = [_Node(e.name, e, g) for e in members]
            root.children.append(g)
        self._root = root
        self.endResetModel()

    def set_recent(self, recent: list[str]) -> None:
        self.set_entries(self._entries, recent)

    def _node(self, index: QModelIndex | QPersistentModelIndex) -> _Node:
        return index.internalPointer() if index.isValid() else self._root

    def index(self, row: int, column: int, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> QModelIndex:
        if column != 0 or row < 0:
            return QModelIndex()
        node = self._node(parent)
        if parent.isValid() and parent.column() != 0:
            return QModelIndex()
        if row >= len(node.children):
            return QModelIndex()
        return self.createIndex(row, column, node.children[row])

    def parent(self, index=QModelIndex()):  # type: ignore[override]
        if not index.isValid():
            return QModelIndex()
        node: _Node = index.internalPointer()
        p = node.parent
        if p is None or p is self._root:
            return QModelIndex()
        return self.createIndex(p.row(), 0, p)

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:
        if parent.isValid() and parent.column() != 0:
            return 0
        return len(self._node(parent).children)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:
        return 1

    def flags(self, index):
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        node = self._node(index)
        if node.entry is None:
            return Qt.ItemFlag.ItemIsEnabled
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemNeverHasChildren

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        node = self._node(index)
        e = node.entry
        if role == Qt.ItemDataRole.DisplayRole:
            if e is None:
                return _tr(node.title) if node.title else ""
            # the clause in the language's brackets: 缴费核定（6.2.2） / Contribution assessment (6.2.2)
            text = fill_params(QCoreApplication.translate("ServicePicker", "%1（%2）"), (catalog_tr(e.name), e.clause))
            if node.parent is not None and node.parent.title == RECENT_GROUP and node.parent.children.index(node) < 4:
                return f"F{node.parent.children.index(node) + 1}  {text}"   # one key picks it
            return text
        if role == Qt.ItemDataRole.ToolTipRole and e is not None:
            return (QCoreApplication.translate("ServicePicker", "%1 · 拼音首字母 %2 · 条款 %3")
                    .replace("%1", catalog_tr(e.name)).replace("%2", e.initials).replace("%3", e.clause))
        if role == ServiceCodeRole:
            return e.code if e else None
        return None

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole and section == 0:
            return QCoreApplication.translate("ServicePicker", "服务事项")
        return None

    def entry_at(self, index: QModelIndex) -> ServiceEntry | None:
        return self._node(index).entry if index.isValid() else None


class ServiceFilterProxy(QSortFilterProxyModel):
    """Keeps the services the query matches (and their groups)."""

    def __init__(self, parent: QObject | None = None):
        super().__init__(parent)
        self.query = ""
        self.setRecursiveFilteringEnabled(True)

    def set_query(self, text: str) -> None:
        # endFilterChange() exists from Qt 6.10 (invalidateFilter is deprecated there); PySide6 6.9
        # already has beginFilterChange() but not its end, so test for the end.
        if hasattr(self, "endFilterChange"):
            self.beginFilterChange()
            self.query = text.strip()
            self.endFilterChange()
        else:
            self.query = text.strip()
            self.invalidateFilter()

    def filterAcceptsRow(self, source_row: int, source_parent) -> bool:
        model: ServiceTreeModel = self.sourceModel()  # type: ignore[assignment]
        idx = model.index(source_row, 0, source_parent)
        entry = model.entry_at(idx)
        if entry is None:                       # a group: shown when a child matches (recursive filtering)
            return not self.query
        if not self.query:
            return True
        if not source_parent.isValid():
            return False
        if model._node(source_parent).title == RECENT_GROUP:   # no duplicates while searching
            return False
        return entry.score(self.query) > 0

    def best_match(self) -> QModelIndex:
        """The proxy index of the best-matching service (invalid when none)."""
        best, best_score = QModelIndex(), 0
        for g in range(self.rowCount()):
            gi = self.index(g, 0)
            for r in range(self.rowCount(gi)):
                idx = self.index(r, 0, gi)
                entry = self.sourceModel().entry_at(self.mapToSource(idx))  # type: ignore[attr-defined]
                if entry is None:
                    continue
                s = entry.score(self.query)
                if s > best_score:
                    best, best_score = idx, s
        return best


class RecentServices:
    """最近使用的业务, in ``<config_dir>/workspace.ini``."""

    def __init__(self, config_dir: Path):
        self.settings = QSettings(str(Path(config_dir) / "workspace.ini"), QSettings.Format.IniFormat)

    def codes(self) -> list[str]:
        value = self.settings.value("recent/services", [])
        if isinstance(value, str):
            value = [value] if value else []
        if not isinstance(value, list):     # none stored that is a list (e.g. @Invalid() in an edited file)
            return []
        return [str(v) for v in value][:RECENT_MAX]

    def add(self, code: str) -> list[str]:
        codes = [code] + [c for c in self.codes() if c != code]
        codes = codes[:RECENT_MAX]
        self.settings.setValue("recent/services", codes)
        self.settings.sync()
        return codes


class _WrappingRows(QStyledItemDelegate):
    """A row as tall as its name wraps to in the tree's width: QTreeView sizes its rows for one line
    even with word wrap on, and a long name was cut before its clause."""

    def sizeHint(self, option, index):
        hint = super().sizeHint(option, index)
        tree = self.parent()
        depth, parent = 1, index.parent()
        while parent.isValid():
            depth, parent = depth + 1, parent.parent()
        width = viewport_of(tree).width() - depth * tree.indentation() - 12
        text = str(index.data() or "")
        if width <= 40 or not text:
            return hint
        metrics = option.fontMetrics
        flags = int(Qt.TextFlag.TextWordWrap) | int(Qt.AlignmentFlag.AlignLeft)
        height = metrics.boundingRect(QRect(0, 0, width, 1 << 16), flags, text).height()
        if height < 2 * metrics.lineSpacing():
            return hint                   # one line: the row as it always was
        return QSize(hint.width(), max(hint.height(), height + 4))


class ServicePicker(QWidget):
    """Search box + tree. Type to filter, arrows move, Enter picks (``picked(code)``)."""

    picked = Signal(str)

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.model = ServiceTreeModel(parent=self)
        self.proxy = ServiceFilterProxy(self)
        self.proxy.setSourceModel(self.model)
        self.search = QLineEdit(self)
        self.search.setObjectName("serviceSearch")
        self.search.setClearButtonEnabled(True)
        self.tree = QTreeView(self)
        self.tree.setObjectName("serviceTree")
        self.tree.setModel(self.proxy)
        self.tree.setHeaderHidden(True)
        # a name longer than the column wraps to a second line (English at 1366×768 lost the clause
        # of "Transfer-in of a general contribution account …"); whole in its tooltip too
        self.tree.setWordWrap(True)
        self.tree.setUniformRowHeights(False)
        self.tree.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.tree.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.tree.setItemDelegate(_WrappingRows(self.tree))
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.search)
        layout.addWidget(self.tree)
        self.search.textChanged.connect(self._filter)
        self.search.installEventFilter(self)
        viewport_of(self.tree).installEventFilter(self)
        self.tree.activated.connect(self._activate)
        self.retranslate()

    def retranslate(self) -> None:
        hint = self.tr("搜索业务：中文名称、拼音首字母（如 cbdj）或条款号（如 6.1.1）")
        self.search.setPlaceholderText(hint)
        self.search.setToolTip(hint)      # the English placeholder is cut at 1366×768: whole here

    def set_catalog(self, entries: list[ServiceEntry], recent: list[str]) -> None:
        self.model.set_entries(entries, recent)
        self._filter(self.search.text())

    def _filter(self, text: str) -> None:
        self.proxy.set_query(text)
        self.tree.expandAll()
        best = self.proxy.best_match() if text.strip() else QModelIndex()
        if best.isValid():
            self.tree.setCurrentIndex(best)

    def current_code(self) -> str | None:
        idx = self.tree.currentIndex()
        return self.proxy.data(idx, ServiceCodeRole) if idx.isValid() else None

    def _activate(self, index: QModelIndex) -> None:
        code = self.proxy.data(index, ServiceCodeRole)
        if code:
            self.picked.emit(code)

    def eventFilter(self, obj, event) -> bool:  # Qt API (camelCase)
        if obj is viewport_of(self.tree) and event.type() == QEvent.Type.Resize \
                and event.size().width() != event.oldSize().width():
            self.tree.doItemsLayout()     # the rows' heights follow the new wrap (Qt keeps the old ones)
        if obj is self.search and event.type() == QEvent.Type.KeyPress:
            key = event.key()
            if key in (Qt.Key.Key_Down, Qt.Key.Key_Up, Qt.Key.Key_PageDown, Qt.Key.Key_PageUp):
                self._move(1 if key in (Qt.Key.Key_Down, Qt.Key.Key_PageDown) else -1)
                return True
            if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and not event.modifiers() & Qt.KeyboardModifier.ControlModifier:
                idx = self.tree.currentIndex()
                if not (idx.isValid() and self.proxy.data(idx, ServiceCodeRole)):
                    idx = self.proxy.best_match()
                if idx.isValid():
                    self._activate(idx)
                return True
        return super().eventFilter(obj, event)

    def _move(self, step: int) -> None:
        leaves: list[QModelIndex] = []
        for g in range(self.proxy.rowCount()):
            gi = self.proxy.index(g, 0)
            leaves.extend(self.proxy.index(r, 0, gi) for r in range(self.proxy.rowCount(gi)))
        if not leaves:
            return
        cur = self.tree.currentIndex()
        pos = next((i for i, ix in enumerate(leaves) if ix == cur), -1)
        pos = max(0, min(len(leaves) - 1, pos + step if pos >= 0 else 0))
        self.tree.setCurrentIndex(leaves[pos])

    def changeEvent(self, event) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)
