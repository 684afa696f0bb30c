"""上门认证 — the field laptop's tab set: the roster (sorted by lapse date, IDs masked), the visit
form and the sync state of the visits (counter_app.workflows.field; docs/field.md).

Shown instead of the counter's panels when the signed-in user has the ``field`` role or the
configuration says ``[office] mode = "field"``. The lists refresh after a pull, a saved visit, a
sync round and when the outbox changes (the main window's existing status timer), and once by
themselves when the roster's period ends (有效至: a single-shot reload, re-armed at least every
10 minutes since a timer stops counting while the laptop sleeps).
Every device and store call runs on a worker (counter_app.ui.tasks).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime, timezone
from typing import Callable

from PySide6.QtCore import QCoreApplication, QDateTime, QEvent, QSortFilterProxyModel, Qt, Signal
from PySide6.QtGui import QImage, QPixmap
from PySide6.QtWidgets import (QCheckBox, QComboBox, QDateTimeEdit, QDialog, QDialogButtonBox, QFormLayout, QFrame,
                               QGroupBox, QHBoxLayout, QLabel, QLineEdit, QListWidget, QListWidgetItem, QPlainTextEdit,
                               QPushButton, QScrollArea, QSplitter, QTableView, QVBoxLayout, QWidget)

from counter_app.domain.masking import mask_id, mask_name
from counter_protocol.clock import beijing_text
from counter_app.ui.panel_kit import RefreshWhenShown, add_panel_action, setup_list_table
from counter_app.ui.table_model import RowsTableModel
from counter_app.ui.tasks import task_runner

log = logging.getLogger(__name__)


@dataclass
class RosterRow:
    id: str                 # assignment key
    expires: str
    id_masked: str
    name_masked: str
    reason: str
    last_certified: str


NO_DATE = "—"
PHOTO_W, PHOTO_H = 120, 150     # the registry photo beside the visit form
EXPIRY_STEP_MS = 10 * 60 * 1000  # the longest wait before the roster's end is looked at again


class RosterModel(RowsTableModel):
    COLUMNS = ("expires", "id", "name", "reason", "last")
    ID_ATTR = "id"
    CELLS = {"expires": lambda m, r: r.expires, "id": lambda m, r: r.id_masked, "name": lambda m, r: r.name_masked,
             "reason": lambda m, r: m.reason_text(r.reason), "last": lambda m, r: r.last_certified}

    def headers(self):
        return (self.tr("认证到期"), self.tr("证件号码"), self.tr("姓名"), self.tr("原因"), self.tr("最近认证"))

    SORT_ROLE = Qt.ItemDataRole.UserRole + 2

    def data(self, index, role: int = Qt.ItemDataRole.DisplayRole):
        """The sort key of a cell (``SORT_ROLE``): a date column without a date (never certified)
        sorts first — the most urgent visit — not after every date as its 「—」 would."""
        if role == self.SORT_ROLE:
            row, col = self.cell(index)
            if row is None:
                return None
            if col in ("expires", "last"):
                value = row.expires if col == "expires" else row.last_certified
                return "" if value == NO_DATE else value
            role = Qt.ItemDataRole.DisplayRole
        return super().data(index, role)

    def reason_text(self, reason: str) -> str:
        return {"due": self.tr("即将到期"), "lapsed": self.tr("已过期"), "never": self.tr("无认证记录"),
                "requested": self.tr("申请上门")}.get(reason, reason)


class RosterFilter(QSortFilterProxyModel):
    """The roster as 查找 narrows it: ``keys`` the assignments that match (None: every one); the
    person the visit form is filled in for (``pinned``) stays listed, so looking up the next one
    never takes the form from under the staff."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.keys: set[str] | None = None
        self.pinned: str | None = None

    def filterAcceptsRow(self, source_row: int, source_parent) -> bool:
        if self.keys is None:
            return True
        model = self.sourceModel()
        row = model.row_at(source_row) if isinstance(model, RowsTableModel) else None
        return row is not None and (row.id in self.keys or row.id == self.pinned)


def _folded(text: str) -> str:
    """For 查找: without spaces and dashes (a phone or an address as people say it), case folded (x/X)."""
    return "".join(ch for ch in text if not ch.isspace() and ch != "-").casefold()


class DeathConfirm:
    """已死亡 asked again before the visit is sealed, naming the person (tests replace ``ask``)."""

    @classmethod
    def ask(cls, parent: QWidget | None, text: str) -> bool:
        from PySide6.QtWidgets import QMessageBox

        box = QMessageBox(QMessageBox.Icon.Warning, QCoreApplication.translate("DeathConfirm", "确认已死亡"), text,
                          parent=parent)
        yes = box.addButton(QCoreApplication.translate("DeathConfirm", "确认已死亡，封存保存"),
                            QMessageBox.ButtonRole.AcceptRole)
        back = box.addButton(QCoreApplication.translate("DeathConfirm", "返回修改"), QMessageBox.ButtonRole.RejectRole)
        box.setDefaultButton(back)
        box.setEscapeButton(back)
        box.exec()
        return box.clickedButton() is yes


class WithdrawVisitDialog(QDialog):
    """撤回未发送记录: the field worker's sealed visits not yet sent, each naming the person (full
    name, masked ID number, address), the result and the time; one is chosen and a reason typed."""

    def __init__(self, items: list[dict], result_text: Callable[[str], str], parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle(self.tr("撤回未发送的上门认证记录"))
        self.items = items
        note = QLabel(self.tr("只能撤回本人记录、尚未发送到中心的上门认证（如选错了人或认证结果）。撤回后这条记录不会发送，"
                              "此人回到名单，可重新上门认证；撤回记入审计。"), self)
        note.setWordWrap(True)
        self.list = QListWidget(self)
        for item in items:
            at = beijing_text(datetime.fromisoformat(item["visited_at"]))
            text = self.tr("{at}　{name}（{id}）　{result}\n{address}").format(
                at=at, name=item["name"] or "—", id=item["id_number"] or "—", result=result_text(item["result"]),
                address=item["address"] or "—")
            self.list.addItem(QListWidgetItem(text))
        self.reason = QLineEdit(self)
        self.reason.setMaxLength(200)
        self.reason.setPlaceholderText(self.tr("如：认证结果选错，本人健在"))
        buttons = QDialogButtonBox(self)
        self.ok = buttons.addButton(self.tr("撤回"), QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.addButton(self.tr("取消"), QDialogButtonBox.ButtonRole.RejectRole)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form = QFormLayout()
        form.addRow(self.tr("撤回原因"), self.reason)
        layout = QVBoxLayout(self)
        layout.addWidget(note)
        layout.addWidget(self.list, 1)
        layout.addLayout(form)
        layout.addWidget(buttons)
        self.list.currentRowChanged.connect(lambda *_: self._ready())
        self.reason.textChanged.connect(lambda *_: self._ready())
        self._ready()

    def exec(self) -> int:  # Qt override
        """As ``QDialog.exec``; the idle lock hides the list (people's names, ID numbers, addresses)
        and shows it again after unlocking, the visit chosen and the reason typed kept
        (ui.idle_lock.exec_kept_over_lock)."""
        from counter_app.ui.idle_lock import exec_kept_over_lock

        return exec_kept_over_lock(self)

    def _ready(self) -> None:
        self.ok.setEnabled(self.list.currentRow() >= 0 and bool(self.reason.text().strip()))

    def chosen(self) -> dict | None:
        row = self.list.currentRow()
        return self.items[row] if 0 <= row < len(self.items) else None


class SecondStaffDialog(QDialog):
    """第二名工作人员 signs in for this visit only (password, online or the offline verifier)."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle(self.tr("第二名工作人员"))
        from counter_app.ui.idle_lock import closes_on_lock

        closes_on_lock(self)       # the second staff member's password does not outlive the idle lock
        self.username = QLineEdit(self)
        self.password = QLineEdit(self)
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.totp = QLineEdit(self)
        self.totp.setMaxLength(6)
        note = QLabel(self.tr("由第二名工作人员本人输入用户名和密码；只对本次上门认证有效。"), self)
        note.setWordWrap(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("确认"))
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("取消"))
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form = QFormLayout()
        form.addRow(self.tr("用户名"), self.username)
        form.addRow(self.tr("密码"), self.password)
        form.addRow(self.tr("动态验证码"), self.totp)
        layout = QVBoxLayout(self)
        layout.addWidget(note)
        layout.addLayout(form)
        layout.addWidget(buttons)


class FieldPanel(QWidget):
    """上门认证: roster | visit form, with the sync state below."""

    loaded = Signal()          # the roster and the visits' states are shown
    saved = Signal(dict)       # a visit was sealed and queued
    withdrawn = Signal(dict)   # a visit not yet sent was withdrawn (workflows.field.withdraw_visit)
    failed = Signal(str)       # the field worker's message

    def __init__(self, ctx, events=None, parent: QWidget | None = None):
        from counter_app.workflows.field import MAX_ADDRESS

        super().__init__(parent)
        self.ctx = ctx
        self.events = events
        self.setObjectName("FieldPanel")
        self._reset_evidence()
        self._addresses: dict = {}
        self._phones: dict[str, str] = {}
        self._has_photo: dict[str, bool] = {}  # the roster carries a registry photo of the person
        self._reloading = False                # the lists are being reloaded (not the staff selecting)
        self._form_key: str | None = None      # the assignment the visit form is filled in for
        self._saving = False
        self._message_words: Callable[[], str] | None = None   # a failure kept as data: worded on a switch
        # roster
        self.model = RosterModel(self)
        self.proxy = RosterFilter(self)
        self.proxy.setSourceModel(self.model)
        self.proxy.setSortRole(RosterModel.SORT_ROLE)
        self.table = QTableView(self)
        self.table.setObjectName("fieldRoster")
        setup_list_table(self.table, self.proxy)
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(0, Qt.SortOrder.AscendingOrder)
        self.table.selectionModel().currentRowChanged.connect(lambda *_: self._selected())
        self.btn_pull = QPushButton(self.tr("拉取名单(&P)"), self)
        self.roster_note = QLabel(self)
        # 查找 (Ctrl+F): by full name, ID number, phone or address, in memory; the list stays masked
        self.search = QLineEdit(self)
        self.search.setObjectName("fieldSearch")
        self.search.setClearButtonEnabled(True)
        self.search.setPlaceholderText(self.tr("查找：姓名、证件号码、电话或地址(Ctrl+F)"))
        self.search.textChanged.connect(lambda *_: self._filter())
        self._total = 0
        left = QWidget(self)
        lcol = QVBoxLayout(left)
        lcol.setContentsMargins(0, 0, 0, 0)
        top = QHBoxLayout()
        top.addWidget(self.btn_pull)
        top.addWidget(self.search, 2)
        top.addWidget(self.roster_note, 1)
        lcol.addLayout(top)
        lcol.addWidget(self.table, 1)
        # visit form
        self.form_box = QGroupBox(self.tr("上门认证记录"), self)
        self.person = QLabel(self.tr("请在左侧名单中选择一人"), self)
        self.person.setWordWrap(True)
        # the registry photo the staff compare the person with (where there is no template);
        # opened from the sealed roster into memory only, never written anywhere
        self.registry_photo = QLabel(self)
        self.registry_photo.setObjectName("fieldRegistryPhoto")
        self.registry_photo.setFixedSize(PHOTO_W, PHOTO_H)
        self.registry_photo.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.registry_photo.setWordWrap(True)
        self.registry_photo.setStyleSheet("QLabel { border: 1px solid #999; background: #f4f4f4; }")
        self.address = QLineEdit(self)
        self.address.setMaxLength(MAX_ADDRESS)
        self.address_ok = QCheckBox(self.tr("已到场核实地址"), self)
        self.when = QDateTimeEdit(QDateTime.currentDateTime(), self)
        self.when.setCalendarPopup(True)
        self.when.setDisplayFormat("yyyy-MM-dd HH:mm")
        self.btn_second = QPushButton(self.tr("第二名工作人员登录"), self)
        self.second_label = QLabel(self.tr("未登录"), self)
        self.btn_card = QPushButton(self.tr("读卡"), self)
        self.card_label = QLabel(self.tr("未读卡"), self)
        # the consent notice read out before the fingerprint or the photo (PIPL Art. 28/29: both are
        # sensitive personal data; the photo travels to the centre with the visit): one click records it
        self.consent_notice = QLabel(self.tr("采集告知：为核实您本人身份（上门资格认证），需要比对您的指纹并拍摄现场照片。指纹和照片属于敏感个人信息，仅用于本次认证，加密保存并传送社保中心，按档案管理规定保管，不作他用。"), self)  # noqa: E501
        self.consent_notice.setObjectName("fieldConsentNotice")
        self.consent_notice.setWordWrap(True)
        self.btn_consent = QPushButton(self.tr("已告知，本人同意"), self)
        self.btn_consent.setObjectName("fieldConsent")
        self.consent_label = QLabel(self.tr("未告知"), self)
        self.btn_finger = QPushButton(self.tr("指纹比对"), self)
        self.finger_label = QLabel("", self)
        self.btn_photo = QPushButton(self.tr("拍照"), self)
        self.photo_check = QCheckBox(self.tr("已核对档案照片（无指纹模板时）"), self)
        self.photo_label = QLabel(self.tr("未拍照"), self)
        self.btn_sign = QPushButton(self.tr("本人签名"), self)
        self.sign_label = QLabel(self.tr("未签名"), self)
        self.result = QComboBox(self)
        # no result until the staff choose one for this person (a 已死亡 carried over sealed the next
        # person as dead): 请选择 has no data, which record_visit refuses (field_choose_result)
        self.result.addItem(self.tr("请选择"), None)
        for code, text in (("eligible", self.tr("认证通过（本人健在）")), ("not_found", self.tr("未找到本人")),
                           ("deceased", self.tr("已死亡")), ("moved_away", self.tr("已迁出")),
                           ("refused", self.tr("拒绝认证")), ("other", self.tr("其他"))):
            self.result.addItem(text, code)
        self.note = QPlainTextEdit(self)
        self.note.setMaximumHeight(60)
        self.btn_save = QPushButton(self.tr("封存并保存(&S)"), self)
        self.message = QLabel(self)
        self.message.setWordWrap(True)
        # the person, the address to check and the time beside the registry photo; the rest below,
        # in a scroll area: on a 1366×768 laptop nothing is squeezed over anything else
        self.form_content = QWidget()
        self.form_content.setObjectName("fieldFormContent")
        who = QFormLayout()
        who.addRow(self.person)
        who.addRow(self.tr("地址"), self.address)
        who.addRow("", self.address_ok)
        who.addRow(self.tr("上门时间"), self.when)
        photo_col = QVBoxLayout()
        photo_col.addWidget(QLabel(self.tr("档案照片"), self.form_content))
        photo_col.addWidget(self.registry_photo)
        photo_col.addStretch(1)
        head = QHBoxLayout()
        head.addLayout(who, 1)
        head.addLayout(photo_col)
        form = QFormLayout()
        form.addRow(self.consent_notice)
        for button, label in ((self.btn_second, self.second_label), (self.btn_card, self.card_label),
                              (self.btn_consent, self.consent_label), (self.btn_finger, self.finger_label), (self.btn_photo, self.photo_label),
                              (self.btn_sign, self.sign_label)):
            row = QHBoxLayout()
            row.addWidget(label, 1)
            form.addRow(button, row)
        form.addRow("", self.photo_check)
        form.addRow(self.tr("认证结果"), self.result)
        form.addRow(self.tr("备注"), self.note)
        form.addRow(self.btn_save)
        form.addRow(self.message)
        content = QVBoxLayout(self.form_content)
        content.addLayout(head)
        content.addLayout(form)
        content.addStretch(1)
        self.form_scroll = QScrollArea(self.form_box)
        self.form_scroll.setFrameShape(QFrame.Shape.NoFrame)
        self.form_scroll.setWidgetResizable(True)
        self.form_scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.form_scroll.setWidget(self.form_content)
        box = QVBoxLayout(self.form_box)
        box.setContentsMargins(4, 4, 4, 4)
        box.addWidget(self.form_scroll)
        split = QSplitter(Qt.Orientation.Horizontal, self)
        split.addWidget(left)
        split.addWidget(self.form_box)
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 2)
        # sync state
        self.sync_label = QLabel(self)
        self.btn_sync = QPushButton(self.tr("立即同步(&Y)"), self)
        # a sealed visit not yet sent taken back (the wrong person, the wrong result)
        self.btn_withdraw = QPushButton(self.tr("撤回未发送记录…"), self)
        self.btn_withdraw.setObjectName("fieldWithdraw")
        bottom = QHBoxLayout()
        bottom.addWidget(self.sync_label, 1)
        bottom.addWidget(self.btn_withdraw)
        bottom.addWidget(self.btn_sync)
        column = QVBoxLayout(self)
        column.addWidget(split, 1)
        column.addLayout(bottom)
        add_panel_action(self, "Ctrl+P", self.pull, self.btn_pull, name="fieldPull")
        add_panel_action(self, "Ctrl+S", self.save, self.btn_save, name="fieldSave")
        add_panel_action(self, "Ctrl+Y", self.sync_now, self.btn_sync, name="fieldSync")
        add_panel_action(self, "Ctrl+F", self._find, name="fieldFind")
        self.btn_withdraw.clicked.connect(self.withdraw)
        self.btn_second.clicked.connect(self.second_staff)
        self.btn_card.clicked.connect(self.read_card)
        self.btn_consent.clicked.connect(self.consent)
        self.btn_finger.clicked.connect(self.verify_finger)
        self.btn_photo.clicked.connect(self.take_photo)
        self.btn_sign.clicked.connect(self.sign)
        self.setWindowTitle(self.tr("上门认证"))
        self._refresh = RefreshWhenShown(self, self.refresh)
        if events is not None:
            events.outbox_changed.connect(self._refresh)
        self.refresh()

    # ------------------------------------------------------------------ state

    def _reset_evidence(self) -> None:
        self.second: tuple[str, str] | None = None            # (username, mode)
        self.card_id: str | None = None
        self.fingerprint = "not_taken"
        self.photo: bytes | None = None
        self.signature: tuple[bytes, str] | None = None
        self.consent_at: datetime | None = None              # the consent notice read and agreed to

    def _workstation(self) -> str:
        return self.ctx.settings.office.workstation_id

    def _say(self, text: str) -> None:
        self._message_words = None
        self.message.setText(text)

    def _fail(self, exc: BaseException) -> None:
        from counter_app.ui.messages import plain_text

        def words() -> str:
            return plain_text(exc, self.tr("操作未完成"))

        text = words()
        self._say(text)
        self._message_words = words          # a refusal kept as data (FieldError.reason): again on a switch
        self.failed.emit(text)

    def changeEvent(self, event) -> None:
        if event.type() == QEvent.Type.LanguageChange and self._message_words is not None:
            self.message.setText(self._message_words())
        super().changeEvent(event)

    def current_key(self) -> str | None:
        index = self.table.currentIndex()
        if not index.isValid():
            return None
        return self.model.row_at(self.proxy.mapToSource(index).row()).id

    # ------------------------------------------------------------------ lists

    def refresh(self) -> None:
        from counter_app.workflows import field

        user, ws = self.ctx.actor, self._workstation()

        def load():
            store = self.ctx.store
            return field.roster(store, user=user), field.visits(store, workstation_id=ws)

        task_runner().run(load, self._loaded, self._reload_failed, owner=self)

    def _reload_failed(self, exc: BaseException) -> None:
        """A reload of the lists that failed is said as such, never as the failure of the action
        (a save, a pull) that asked for it and succeeded."""
        from counter_app.ui.messages import plain_text

        log.warning("field lists not reloaded: %s", type(exc).__name__)
        text = plain_text(exc, self.tr("名单未能刷新"))
        said = self.message.text()          # what the action said (已封存保存…) stays, the reload's failure after it
        self._say(f"{said}\n{text}" if said and text not in said else text)
        self.failed.emit(text)

    def _loaded(self, result) -> None:
        self._reloading = True
        try:
            self._show_lists(result)
        finally:
            self._reloading = False
        self._arm_expiry(result[0])
        self.loaded.emit()

    def _arm_expiry(self, items) -> None:
        """One reload when the roster's period ends (its 有效至): the people on it leave the list then,
        without waiting for the worker's next action (the reload wipes them). A single shot, set
        again in steps of at most ``EXPIRY_STEP_MS``: a timer does not count a laptop's sleep."""
        from PySide6.QtCore import QTimer

        timer = getattr(self, "_expiry_timer", None)
        if timer is None:
            timer = self._expiry_timer = QTimer(self)
            timer.setSingleShot(True)
            timer.timeout.connect(self._expiry_due)
        ends = [a.roster_expires_at for a in items if a.roster_expires_at is not None]
        self._expiry_at = min(ends) if ends else None
        if self._expiry_at is None:
            timer.stop()
            return
        left = (self._expiry_at - datetime.now(timezone.utc).replace(tzinfo=None)).total_seconds()
        timer.start(int(min(max(left, 0.0) * 1000 + 500, EXPIRY_STEP_MS)))

    def _expiry_due(self) -> None:
        if self._expiry_at is not None and datetime.now(timezone.utc).replace(tzinfo=None) < self._expiry_at:
            left = (self._expiry_at - datetime.now(timezone.utc).replace(tzinfo=None)).total_seconds()
            self._expiry_timer.start(int(min(left * 1000 + 500, EXPIRY_STEP_MS)))
            return
        self._refresh()          # now if shown, else when next shown

    def _show_lists(self, result) -> None:
        items, visits = result
        keep = self._form_key
        self._addresses = {a.key: (a.address, a.name, a.id_number, a.has_template) for a in items}
        self._phones = {a.key: a.phone for a in items}
        self._has_photo = {a.key: a.has_photo for a in items}
        self._total = len(items)
        self.proxy.keys = self._matching()          # 查找 still applies to the reloaded list
        self.model.set_rows([RosterRow(a.key, a.expires.isoformat() if a.expires else NO_DATE, mask_id(a.id_number),
                                       mask_name(a.name), a.reason,
                                       a.last_certified.isoformat() if a.last_certified else NO_DATE) for a in items])
        # the reset cleared the selection: the person being visited stays selected with what the
        # staff already did; one no longer listed (visited, wiped) leaves an empty form
        row = next((n for n, r in enumerate(self.model.rows) if r.id == keep), None) if keep else None
        if row is not None:
            self.table.setCurrentIndex(self.proxy.mapFromSource(self.model.index(row, 0)))
        else:
            self._selected()
        self._say_count()
        counts: dict[str, int] = {}
        for v in visits:
            counts[v["state"]] = counts.get(v["state"], 0) + 1
        text = self.tr("上门认证记录：待同步 {q}，已同步 {s}，被拒收 {r}").format(
            q=counts.get("queued", 0) + counts.get("sending", 0), s=counts.get("synced", 0), r=counts.get("rejected", 0))
        if counts.get("expired") or counts.get("superseded"):
            # rejected visits the laptop cleared: with their roster (expired) or overtaken by a newer visit
            text += self.tr("；已过期清除 {e}，已被取代清除 {x}").format(e=counts.get("expired", 0),
                                                                     x=counts.get("superseded", 0))
        if counts.get("tampered"):
            text += self.tr("；{n} 条记录被改动（不会被中心接收）").format(n=counts["tampered"])
        self.sync_label.setText(text)

    def _matching(self) -> set[str] | None:
        """The assignments whose full name, ID number, phone or address holds what 查找 says (None:
        nothing typed). In memory only: what the list already holds, nothing read or logged."""
        needle = _folded(self.search.text())
        if not needle:
            return None
        return {key for key, (address, name, id_number, _) in self._addresses.items()
                if any(needle in _folded(text) for text in (name, id_number, self._phones.get(key, ""), address))}

    def _filter(self) -> None:
        self.proxy.pinned = self._form_key
        self.proxy.keys = self._matching()
        self.proxy.invalidate()
        self._say_count()

    def _say_count(self) -> None:
        if self.proxy.keys is None:
            self.roster_note.setText(self.tr("名单 %n 人", "", self._total))
        else:
            self.roster_note.setText(self.tr("名单 {total} 人，查找到 {found} 人").format(
                total=self._total, found=len(self.proxy.keys)))

    def _find(self) -> None:
        self.search.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.search.selectAll()

    def _selected(self) -> None:
        key = self.current_key()
        if key is not None and key == self._form_key:
            return                      # the same person again (a reload): keep what was done
        self._form_key = key
        self._reset_evidence()
        if key is not None and not self._reloading:
            self._say("")               # the staff chose another person: what was said was about the last form
        for label, text in ((self.second_label, self.tr("未登录")), (self.card_label, self.tr("未读卡")),
                            (self.finger_label, ""), (self.photo_label, self.tr("未拍照")),
                            (self.sign_label, self.tr("未签名")), (self.consent_label, self.tr("未告知"))):
            label.setText(text)
        self.address_ok.setChecked(False)
        self.photo_check.setChecked(False)
        self.result.setCurrentIndex(0)      # 请选择: never the last person's result
        self.note.clear()
        if key is None:
            self.person.setText(self.tr("请在左侧名单中选择一人"))
            self.address.clear()
            self._show_photo(None, "")
            return
        address, name, id_number, has_template = self._addresses.get(key, ("", "", "", False))
        text = self.tr("{name}（{id}）").format(name=name, id=mask_id(id_number))
        phone = self._phones.get(key, "")
        if phone:            # to ring ahead, or the family when nobody opens the door
            text += self.tr("　电话 {phone}").format(phone=phone)
        self.person.setText(text)
        self.address.setText(address)
        has_photo = self._has_photo.get(key, False)
        self.finger_label.setText(self._finger_text(has_template, has_photo))
        self.photo_check.setEnabled(has_photo)     # nothing to compare with: it cannot be ticked
        self.when.setDateTime(QDateTime.currentDateTime())
        if has_photo:
            self._load_photo(key)
        else:
            self._show_photo(None, self.tr("档案中没有照片"))

    def _finger_text(self, has_template: bool, has_photo: bool) -> str:
        if has_template:
            return self.tr("有指纹模板")
        if has_photo:
            return self.tr("档案中没有指纹模板：请拍照并核对档案照片")
        return self.tr("档案中没有指纹模板，也没有照片：不能认证通过")

    def _show_photo(self, data: bytes | None, empty: str) -> None:
        if data:
            image = QImage.fromData(data)
            if not image.isNull():
                self.registry_photo.setPixmap(QPixmap.fromImage(image).scaled(
                    PHOTO_W - 4, PHOTO_H - 4, Qt.AspectRatioMode.KeepAspectRatio, Qt.TransformationMode.SmoothTransformation))
                return
            empty = self.tr("档案照片无法显示")
        self.registry_photo.setPixmap(QPixmap())
        self.registry_photo.setText(empty)

    def _load_photo(self, key: str) -> None:
        """The registry photo of ``key``, opened on a worker; shown if that person is still selected."""
        from counter_app.workflows import field

        store = self.ctx.store
        self._show_photo(None, self.tr("正在读取档案照片…"))

        def done(data: bytes | None) -> None:
            if self._form_key == key:
                self._show_photo(data, self.tr("档案中没有照片"))

        def failed(exc: BaseException) -> None:
            if self._form_key == key:
                self._show_photo(None, self.tr("档案照片无法显示"))
            log.warning("registry photo of a field assignment does not open: %s", type(exc).__name__)

        task_runner().run(lambda: field.photo_of(store, key), done, failed, owner=self)

    # ------------------------------------------------------------------ actions

    def pull(self) -> None:
        from counter_app.app_context import auth_manager
        from counter_app.sync.client import CentralClient
        from counter_app.workflows import field

        ctx = self.ctx

        def work():
            auth = auth_manager(ctx)
            user = auth.current_user()
            if not user or not auth.tokens(user).access_token():
                from counter_app.domain.refusals import Refusal

                raise field.FieldError(Refusal("field_sign_in"))
            client = CentralClient(ctx.settings.central.url, timeout=ctx.settings.central.timeout_seconds,
                                   tokens=auth.tokens(user))
            try:
                return field.pull(ctx.store, client, user=user, workstation_id=ctx.settings.office.workstation_id,
                                  office_code=field.worker_office(auth, user, ctx.settings), roles=ctx.user.all_roles)
            finally:
                client.close()

        def done(result) -> None:
            said = self.tr("已拉取名单：共 {n} 人").format(n=result.total)
            if result.left_out:
                said += self.tr("；另有 {n} 人的资料有误，未列入名单，请联系信息技术人员核对档案").format(n=result.left_out)
            self._say(said)
            self.refresh()

        self._say(self.tr("正在拉取名单…"))
        task_runner().run(work, done, self._fail, owner=self)

    def second_staff(self) -> None:
        from counter_app.app_context import auth_manager

        dialog = SecondStaffDialog(self)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        from counter_app.workflows import field

        username, password, totp = dialog.username.text().strip(), dialog.password.text(), dialog.totp.text().strip()
        ctx = self.ctx

        def done(staff) -> None:
            self._say("")                   # a refusal shown before is settled
            self.second = (staff.username, staff.mode)
            self.second_label.setText(self.tr("{name}（{mode}）").format(
                name=staff.display_name or staff.username,
                mode=self.tr("联网验证") if staff.mode == "online" else self.tr("离线验证")))

        task_runner().run(lambda: field.second_staff(auth_manager(ctx), ctx.actor, username, password, totp), done,
                          self._fail, owner=self)

    def read_card(self) -> None:
        from counter_app.app_context import open_card

        ctx = self.ctx

        def done(record) -> None:
            self._say("")
            self.card_id = record.social_security_number.strip().upper()
            self.card_label.setText(self.tr("已读卡：{id}").format(id=mask_id(self.card_id)))

        task_runner().run(lambda: open_card(ctx).read(10.0), done, self._fail, owner=self)

    def consent(self) -> None:
        """The staff read the consent notice and the person agreed: recorded with the visit (its
        evidence) and in the audit trail, with the time."""
        from counter_app.ui.audit_trail import audit

        key = self.current_key()
        if key is None:
            self._say(self.tr("请先在名单中选择一人"))
            return
        self.consent_at = datetime.now(timezone.utc)
        self._say("")                       # e.g. 采集指纹或拍照前须…同意: done now
        self.consent_label.setText(self.tr("已告知并同意（{at}）").format(at=beijing_text(self.consent_at)))
        audit(self.ctx, action="field.consent", object_type="field_assignment", object_id=key[:16],
              detail="已宣读指纹和照片采集告知，本人同意", owner=self)

    def _consented(self) -> bool:
        if self.consent_at is None:
            from counter_app.domain.refusals import Refusal
            from counter_app.workflows import field

            self._fail(field.FieldError(Refusal("field_consent")))
            return False
        return True

    def verify_finger(self) -> None:
        from counter_app.app_context import open_fingerprint_device
        from counter_app.workflows import field

        key = self.current_key()
        if key is None:
            return
        has_template = self._addresses.get(key, ("", "", "", False))[3]
        if not has_template:       # nothing to compare a finger with: say what the staff can do instead
            self.fingerprint = "not_taken"
            self.finger_label.setText(self._finger_text(False, self._has_photo.get(key, False)))
            return
        if not self._consented():
            return
        ctx = self.ctx

        def work():
            device = open_fingerprint_device(ctx)
            try:
                return field.verify_fingerprint(ctx.store, key, device)
            finally:
                device.close()

        def done(matched: bool) -> None:
            if self._form_key != key:
                return                  # another person was chosen meanwhile: not their finger
            self._say("")
            self.fingerprint = "matched" if matched else "not_matched"
            self.finger_label.setText(self.tr("指纹比对一致") if matched else self.tr("指纹比对不一致"))

        def failed(exc: BaseException) -> None:
            if self._form_key == key:   # every outcome says so: not 请按压手指… left standing
                self.fingerprint = "not_taken"
                self.finger_label.setText(self.tr("指纹未比对（原因见下方）"))
            self._fail(exc)

        self.finger_label.setText(self.tr("请按压手指…"))
        task_runner().run(work, done, failed, owner=self)

    def take_photo(self) -> None:
        from counter_app.ui.camera_backend import open_document_camera

        if not self._consented():
            return
        try:
            camera = open_document_camera(self.ctx.settings, self)
            try:
                self.photo = camera.capture()
            finally:
                camera.close()
        except Exception as exc:   # CameraError and the like: the worker's plain message
            self._fail(exc)
            return
        self._say("")
        self.photo_label.setText(self.tr("已拍照（{n} KB）").format(n=max(1, len(self.photo) // 1024)))

    def sign(self) -> None:
        from counter_app.ui.signature_widget import SignatureDialog

        result = SignatureDialog.ask(self, self.ctx.settings, self.tr("本人签名"), signer=self.tr("退休人员"))
        if result is None:
            return
        self._say("")
        self.signature = (result.png, "pad" if result.backend == "hid" else "screen")
        self.sign_label.setText(self.tr("已签名（{how}）").format(
            how=self.tr("签名板") if result.backend == "hid" else self.tr("屏幕签名")))

    def save(self) -> None:
        from counter_app.workflows import field

        key = self.current_key()
        if self._saving:
            return                      # 封存并保存 pressed again while the first save runs
        if key is None:
            self._say(self.tr("请先在名单中选择一人"))
            return
        if self.second is None:
            self._say(self.tr("第二名工作人员须在本机登录"))
            return
        if self.result.currentData() == "deceased" and not self._death_confirmed(key):
            return
        has_template = self._addresses.get(key, ("", "", "", False))[3]
        fingerprint = self.fingerprint if has_template or self.fingerprint != "not_taken" else "no_template"
        evidence = field.Evidence(card_id_number=self.card_id, fingerprint=fingerprint,
                                  photo_compared=self.photo_check.isChecked(), photo=self.photo,
                                  signature=self.signature[0] if self.signature else None,
                                  signature_method=self.signature[1] if self.signature else "none",
                                  consent_at=self.consent_at)
        staff = [field.Staff(self.ctx.actor), field.Staff(self.second[0], mode=self.second[1])]
        from datetime import datetime, timezone

        # the edit shows local time; the record carries UTC
        visited_at = datetime.fromtimestamp(self.when.dateTime().toSecsSinceEpoch(), tz=timezone.utc)
        args = dict(staff=staff, workstation_id=self._workstation(), result=self.result.currentData(),
                    address_confirmed=self.address_ok.isChecked(), address=self.address.text(),
                    note=self.note.toPlainText(), evidence=evidence, visited_at=visited_at)
        ctx = self.ctx

        def finished() -> None:
            self._saving = False
            self.btn_save.setEnabled(True)

        def done(result) -> None:
            finished()
            self._say(self.tr("已封存保存，联网后自动同步"))
            self.saved.emit(result)
            if self.events is not None:
                self.events.outbox_changed.emit()      # reloads this panel too (one reload, not two at once)
            else:
                self.refresh()

        def failed(exc) -> None:
            finished()
            self._fail(exc)
            self.refresh()          # e.g. the roster expired meanwhile: its people leave the list, the refusal stays

        self._saving = True
        self.btn_save.setEnabled(False)
        def work():
            from counter_app.app_context import auth_manager

            auth_manager(ctx).require_business()   # a restored store before an online sign-in: nothing recorded
            return field.record_visit(ctx.store, key, **args, roles=ctx.user.all_roles)

        task_runner().run(work, done, failed, owner=self)

    def _death_confirmed(self, key: str) -> bool:
        """已死亡 suspends the payment once synced: the staff confirm it is this person, named as the
        form names them (full name, masked ID number) with the address."""
        address, name, id_number, _ = self._addresses.get(key, ("", "", "", False))
        text = self.tr("认证结果为「已死亡」：\n\n{name}（{id}）\n{address}\n\n同步后社保中心将登记死亡报告，并暂停发放其养老待遇"
                       "（待审批）。请确认是此人。同步前发现有误，可以撤回。").format(
            name=name, id=mask_id(id_number), address=self.address.text().strip() or address)
        return DeathConfirm.ask(self, text)

    def withdraw(self) -> None:
        """撤回未发送记录…: the field worker's visits not yet sent, one chosen with a reason and
        withdrawn (workflows.field.withdraw_visit: the person back on the list, audited)."""
        from counter_app.workflows import field

        ctx, user = self.ctx, self.ctx.actor

        def listed(items: list[dict]) -> None:
            if not items:
                self._say(self.tr("没有可撤回的上门认证记录（只有本人记录、尚未发送到中心的记录可以撤回）"))
                return
            dialog = WithdrawVisitDialog(items, self._result_text, self)
            if dialog.exec() != QDialog.DialogCode.Accepted or dialog.chosen() is None:
                return
            visit, reason = dialog.chosen(), dialog.reason.text()
            assert visit is not None

            def done(result: dict) -> None:
                self._say(self.tr("已撤回 {name}（{id}）的上门认证记录（{result}），不会发送到中心；此人已回到名单，可重新上门认证")
                          .format(name=visit["name"] or "—", id=visit["id_number"] or "—",
                                  result=self._result_text(visit["result"])))
                self.withdrawn.emit(result)
                if self.events is not None:
                    self.events.outbox_changed.emit()      # 待同步 and this list (RefreshWhenShown)
                else:
                    self.refresh()

            def work():
                from counter_app.app_context import auth_manager

                auth_manager(ctx).require_business()
                return field.withdraw_visit(ctx.store, visit["visit_id"], user=user,
                                            workstation_id=self._workstation(), reason=reason, roles=ctx.user.all_roles)

            task_runner().run(work, done, self._fail, owner=self)

        task_runner().run(lambda: field.unsent_visits(ctx.store, user=user), listed, self._fail, owner=self)

    def _result_text(self, code: str) -> str:
        index = self.result.findData(code)
        return self.result.itemText(index) if index >= 0 else code

    def sync_now(self) -> None:
        from counter_app.app_context import sync_round

        ctx = self.ctx
        self._say(self.tr("正在同步…"))

        def done(report) -> None:
            self._say(self._round_text(report))
            self.refresh()

        task_runner().run(lambda: sync_round(ctx), done, self._fail, owner=self)

    def _round_text(self, report) -> str:
        """What one sync round did, for the field worker: not 同步完成 when it did not run."""
        if report.error:
            from counter_app.ui.centre_words import centre_text

            return self.tr("同步未完成：{error}").format(error=centre_text(str(report.error)))
        if report.skipped:
            return str(report.skipped)
        text = self.tr("同步完成：已同步 {n} 条").format(n=report.synced)
        if report.rejected:
            text += self.tr("；{n} 条被中心拒收（原因见待同步），被拒收的上门认证已回到名单，须重新上门认证").format(n=report.rejected)
        return text

    def shutdown(self) -> None:
        pass
