"""Applicant panel (申请人信息): applicant type, variant, and the applicant's data.

Filled by inserting the social security card or typed; every field is checked live with the
rules (check_id, check_uscc, check_mobile) and the Chinese error shows beside it — nothing typed
is ever cleared. Once an ID number is valid the masked form shows under the form; the full value
stays in the edit field for the clerk.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtWidgets import (QComboBox, QFormLayout, QHBoxLayout, QLabel, QLineEdit, QListWidget, QListWidgetItem,
                               QVBoxLayout, QWidget)

from counter_app.ui.catalog_text import catalog_tr
from counter_app.ui.panel_kit import ElidedComboBox, QuietLabel
from counter_app.domain.terms import ApplicantType
from counter_protocol.free_text import unsafe_characters
from counter_protocol.identifiers import check_id, check_mobile, check_uscc
from counter_app.domain.masking import mask_id, mask_name
from counter_app.ui.device_errors import DeviceError, error_text

if TYPE_CHECKING:
    from counter_app.domain.catalog import Service

# fields shown per applicant type, in tab order
FIELDS_BY_TYPE = {
    ApplicantType.unit.value: ("unit_name", "credit_code", "phone", "address"),
    ApplicantType.individual.value: ("name", "id_number", "phone", "address"),
    ApplicantType.agent.value: ("name", "id_number", "agent_name", "agent_id_number", "phone", "address"),
    ApplicantType.survivor.value: ("name", "id_number", "agent_name", "agent_id_number", "phone", "address"),
}
ALL_FIELDS = ("name", "id_number", "unit_name", "credit_code", "agent_name", "agent_id_number", "phone", "address")


def variant_text(variant) -> str:
    """A 办理情形 as the clerk picks it: ``group：name`` in the UI language (the separator too)."""
    from counter_app.ui.messages import headed_text

    return headed_text(catalog_tr(variant.group), catalog_tr(variant.name)) if variant.group \
        else catalog_tr(variant.name)


class ApplicantForm(QWidget):
    changed = Signal()
    advance = Signal()          # Enter on the last field: go on to the checklist

    def __init__(self, parent: QWidget | None = None, *, today=date.today):
        super().__init__(parent)
        self._today = today
        self._service: Service | None = None
        self._updating = False
        self._id_card: dict | None = None     # the last read 居民身份证's number and validity
        self.type_combo = QComboBox(self)
        self.type_combo.setObjectName("applicantType")
        self.variant_combo = ElidedComboBox(self)     # an English 情形 is long: elided, whole in its tooltip
        self.variant_combo.setObjectName("variantCombo")
        self.variant_list = QListWidget(self)
        self.variant_list.setObjectName("variantList")
        self.variant_list.setMaximumHeight(110)
        self.edits: dict[str, QLineEdit] = {}
        self.errors: dict[str, QLabel] = {}
        self.labels: dict[str, QLabel] = {}
        self.form = QFormLayout()
        self.type_label = QLabel(self)
        self.variant_label = QLabel(self)
        self.form.addRow(self.type_label, self.type_combo)
        self.form.addRow(self.variant_label, self._variant_box())
        for key in ALL_FIELDS:
            edit = QLineEdit(self)
            edit.setObjectName(f"applicant_{key}")
            err = QLabel(self)
            err.setObjectName(f"error_{key}")
            err.setStyleSheet("color:#b3261e")
            row = QWidget(self)
            h = QHBoxLayout(row)
            h.setContentsMargins(0, 0, 0, 0)
            h.addWidget(edit, 3)
            h.addWidget(err, 2)
            label = QLabel(self)
            self.form.addRow(label, row)
            self.edits[key], self.errors[key], self.labels[key] = edit, err, label
            edit.textChanged.connect(lambda _t, k=key: self._on_edit(k))
            edit.returnPressed.connect(lambda k=key: self._enter(k))
        self.masked = QLabel(self)
        self.masked.setObjectName("applicantMasked")
        self.card_note = QuietLabel(self)      # no line taken while empty
        self.card_note.setObjectName("cardNote")
        self.card_note.setWordWrap(True)
        self.warning = QuietLabel(self)
        self._warning_error: DeviceError | None = None     # the warning as data, when it is a device's error
        self.warning.setObjectName("cardWarning")
        self.warning.setStyleSheet("color:#8a5a00")
        self.warning.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(self.form)
        layout.addWidget(self.masked)
        layout.addWidget(self.warning)
        layout.addWidget(self.card_note)
        self.type_combo.currentIndexChanged.connect(self._type_changed)
        self.variant_combo.currentIndexChanged.connect(lambda _i: self._emit())
        self.variant_list.itemChanged.connect(lambda _i: self._emit())
        self.retranslate()
        self._show_fields()

    def _variant_box(self) -> QWidget:
        box = QWidget(self)
        v = QVBoxLayout(box)
        v.setContentsMargins(0, 0, 0, 0)
        v.addWidget(self.variant_combo)
        v.addWidget(self.variant_list)
        return box

    # -- texts ---------------------------------------------------------------------------
    def field_label(self, key: str) -> str:
        t = self.applicant_type()
        survivor = t == ApplicantType.survivor.value
        return {
            "name": self.tr("参保人姓名"), "id_number": self.tr("参保人证件号码"), "unit_name": self.tr("单位名称"),
            "credit_code": self.tr("统一社会信用代码"),
            "agent_name": self.tr("申请人（遗属）姓名") if survivor else self.tr("代办人姓名"),
            "agent_id_number": self.tr("申请人（遗属）证件号码") if survivor else self.tr("代办人证件号码"),
            "phone": self.tr("联系电话"), "address": self.tr("联系地址"),
        }[key]

    def type_name(self, value: str) -> str:
        return {"unit": self.tr("参保单位"), "individual": self.tr("参保人"), "survivor": self.tr("遗属"),
                "agent": self.tr("代办人（受委托办理）")}.get(value, value)

    def retranslate(self) -> None:
        self.type_label.setText(self.tr("申请对象"))
        self.variant_label.setText(self.tr("办理情形"))
        for key, label in self.labels.items():
            label.setText(self.field_label(key))
        for i in range(self.type_combo.count()):
            self.type_combo.setItemText(i, self.type_name(self.type_combo.itemData(i)))
        for key in self.edits:
            self._validate(key)
        variants = {v.code: v for v in (self._service.variants if self._service else ())}
        for i in range(self.variant_combo.count()):
            if (v := variants.get(self.variant_combo.itemData(i))) is not None:
                self.variant_combo.setItemText(i, variant_text(v))
        for i in range(self.variant_list.count()):
            item = self.variant_list.item(i)
            if (v := variants.get(item.data(Qt.ItemDataRole.UserRole))) is not None:
                item.setText(variant_text(v))
        self._update_masked()
        if self._warning_error is not None:
            self.warning.setText(error_text(self._warning_error))

    def show_warning(self, warning: "str | DeviceError") -> None:
        """The line under the form: a card's warning (already worded), or a device error kept as data
        (a failed 电子社保卡 check), worded now and again on a language switch."""
        self._warning_error = warning if isinstance(warning, DeviceError) else None
        self.warning.setText(error_text(warning) if isinstance(warning, DeviceError) else warning)

    def changeEvent(self, event) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    # -- service / type / variants -------------------------------------------------------
    def set_service(self, service, *, applicant_type: str | None = None, variants: tuple[str, ...] = ()) -> None:
        self._updating = True
        try:
            self._service = service
            current = applicant_type or self.applicant_type()
            self.type_combo.clear()
            for t in service.applicant_types:
                self.type_combo.addItem(self.type_name(t), t)
            i = self.type_combo.findData(current)
            if i < 0:
                i = self.type_combo.findData(self._preferred_type(service))
            self.type_combo.setCurrentIndex(max(i, 0))
            self._fill_variants(variants)
        finally:
            self._updating = False
        self._show_fields()
        self._emit()

    def _preferred_type(self, service) -> str:
        """An individual when the card holder's data is there, else the service's first type."""
        has_person = bool(self.edits["id_number"].text().strip())
        if has_person and ApplicantType.individual.value in service.applicant_types:
            return ApplicantType.individual.value
        if has_person:
            for t in ("agent", "survivor"):
                if t in service.applicant_types:
                    return t
        return service.applicant_types[0]

    def _fill_variants(self, selected: tuple[str, ...] = ()) -> None:
        s = self._service
        t = self.applicant_type()
        self.variant_combo.blockSignals(True)
        self.variant_list.blockSignals(True)
        self.variant_combo.clear()
        self.variant_list.clear()
        applicable = [v for v in (s.variants if s else ()) if not v.applicant_types or t in v.applicant_types]
        multiple = bool(s and s.variant_multiple)
        self.variant_combo.setVisible(bool(applicable) and not multiple)
        self.variant_list.setVisible(bool(applicable) and multiple)
        self.variant_label.setVisible(bool(applicable))
        for v in applicable:
            label = variant_text(v)
            if multiple:
                item = QListWidgetItem(label, self.variant_list)
                item.setData(Qt.ItemDataRole.UserRole, v.code)
                item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
                item.setCheckState(Qt.CheckState.Checked if v.code in selected else Qt.CheckState.Unchecked)
            else:
                self.variant_combo.addItem(label, v.code)
        if not multiple and applicable:
            i = self.variant_combo.findData(selected[0]) if selected else 0
            self.variant_combo.setCurrentIndex(max(i, 0))
        if multiple and self.variant_list.count():
            self.variant_list.setCurrentRow(0)
        self.variant_combo.blockSignals(False)
        self.variant_list.blockSignals(False)

    def _type_changed(self, _index: int) -> None:
        if self._updating:
            return
        self._fill_variants(self.variants())
        self._show_fields()
        self._emit()

    def applicant_type(self) -> str:
        return self.type_combo.currentData() or ApplicantType.individual.value

    def variants(self) -> tuple[str, ...]:
        if self.variant_list.isVisible() or (self._service and self._service.variant_multiple):
            return tuple(self.variant_list.item(i).data(Qt.ItemDataRole.UserRole) for i in range(self.variant_list.count())
                         if self.variant_list.item(i).checkState() == Qt.CheckState.Checked)
        code = self.variant_combo.currentData()
        return (code,) if code else ()

    def set_variants(self, codes: tuple[str, ...]) -> None:
        self._fill_variants(tuple(codes))
        self._emit()

    def _show_fields(self) -> None:
        shown = FIELDS_BY_TYPE.get(self.applicant_type(), ALL_FIELDS)
        for key in ALL_FIELDS:
            row = self.edits[key].parentWidget()     # the edit's row (edit and error label)
            if row is not None:
                self.form.setRowVisible(row, key in shown)
            self.labels[key].setText(self.field_label(key))
        order = [self.type_combo, self.variant_combo, self.variant_list] + [self.edits[k] for k in shown]
        for a, b in zip(order, order[1:], strict=False):
            QWidget.setTabOrder(a, b)
        self._update_masked()

    def visible_fields(self) -> tuple[str, ...]:
        return FIELDS_BY_TYPE.get(self.applicant_type(), ALL_FIELDS)

    # -- data ----------------------------------------------------------------------------
    def data(self) -> dict[str, str]:
        """The applicant fields of the chosen type (typed text kept even when invalid)."""
        return {k: self.edits[k].text().strip() for k in self.visible_fields() if self.edits[k].text().strip()}

    def set_data(self, values: dict) -> None:
        self._updating = True
        try:
            for key, edit in self.edits.items():
                if key in values:
                    edit.setText(str(values.get(key) or ""))
        finally:
            self._updating = False
        self._emit()

    def clear(self) -> None:
        self._id_card = None
        self._updating = True
        try:
            for edit in self.edits.values():
                edit.clear()
            self.show_warning("")
        finally:
            self._updating = False
        self._emit()

    def fill_from_card(self, record) -> None:
        """插卡: the card holder is the 参保人 (name + 社会保障号码). A 居民身份证 (it has
        ``long_term``) also leaves its validity for the ID-validity condition (:meth:`card_facts`)."""
        if hasattr(record, "long_term"):
            until = record.valid_until
            self._id_card = {"id_number": record.id_number, "valid_until": until.isoformat() if until else None}
        else:
            self._id_card = None
        self._updating = True
        try:
            self.edits["name"].setText(record.name)
            self.edits["id_number"].setText(record.social_security_number)
            self.show_warning("")
            if self._service is not None and ApplicantType.individual.value in self._service.applicant_types \
                    and self.applicant_type() == ApplicantType.unit.value:
                self.type_combo.setCurrentIndex(self.type_combo.findData(ApplicantType.individual.value))
        finally:
            self._updating = False
        self._fill_variants(self.variants())
        self._show_fields()
        self._emit()

    def card_facts(self) -> dict:
        """``{"id_card": {...}}`` while the 参保人 number is the one of the last read 居民身份证."""
        card = self._id_card
        if card and self.edits["id_number"].text().strip().upper() == card["id_number"].upper():
            return {"id_card": dict(card)}
        return {}

    def errors_text(self) -> dict[str, str]:
        return {k: self.errors[k].text() for k in self.visible_fields() if self.errors[k].text()}

    def _validate(self, key: str) -> str:
        value = self.edits[key].text().strip()
        msg = ""
        if value:
            from counter_app.ui.identifier_errors import identifier_text    # a typed value: not at start-up

            if key in ("id_number", "agent_id_number"):
                r = check_id(value, today=self._today())
                msg = "" if r.valid else (identifier_text(r.error) if r.error else self.tr("证件号码无效"))
            elif key == "credit_code":
                r = check_uscc(value)
                msg = "" if r.valid else (identifier_text(r.error) if r.error else self.tr("统一社会信用代码无效"))
            elif key == "phone":
                r = check_mobile(value)
                msg = "" if r.valid else (identifier_text(r.error) if r.error else self.tr("手机号码无效"))
            elif bad := unsafe_characters(value):      # a name or address: no control / direction characters
                msg = self.tr("含有不能保存的控制字符或文字方向控制符（%1），请删除后重新输入").replace("%1", "、".join(bad))
        self.errors[key].setText(msg)
        return msg

    def _update_masked(self) -> None:
        d = self.data()
        parts = []
        if d.get("unit_name"):
            parts.append(d["unit_name"])
        if d.get("name"):
            parts.append(mask_name(d["name"]))
        if d.get("id_number") and not self.errors["id_number"].text():
            parts.append(mask_id(d["id_number"]))
        self.masked.setText(self.tr("申请人：%1").replace("%1", " ".join(parts)) if parts else "")

    def masked_summary(self) -> str:
        return self.masked.text()

    def _on_edit(self, key: str) -> None:
        self._validate(key)
        if not self._updating:
            self._emit()

    def _enter(self, key: str) -> None:
        shown = self.visible_fields()
        if key in shown and shown.index(key) < len(shown) - 1:
            self.edits[shown[shown.index(key) + 1]].setFocus(Qt.FocusReason.TabFocusReason)
        else:
            self.advance.emit()

    def _emit(self) -> None:
        self._update_masked()
        if not self._updating:
            self.changed.emit()
