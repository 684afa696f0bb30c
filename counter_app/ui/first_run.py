"""First-run wizard (首次运行设置): shown when the workstation has no configuration file.

Pages: the centre's URL with a test connection; office and window, with the workstation's
registration by a supervisor or admin; the printer with a test page; a card reader test; a
fingerprint reader test; the language. Every page can be skipped ("跳过此步" keeps the defaults
of that page); whatever was set can be changed later in 设置. The tests are those of
:mod:`counter_app.workflows.first_run` (shared with ``counter-app config init --interactive``)
and run on the task runner, never on the GUI thread.
"""

from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, Qt
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
    QWizard,
    QWizardPage,
)

from counter_app.config import ConfigError, Settings, default_settings
from counter_app.ui.tasks import run_task
from counter_app.workflows import first_run as fr

# The pages' titles (fr.STEP_TITLES), listed for lupdate: tr() on a variable is never extracted, so
# four of the six titles stayed Chinese in the English wizard.
STEP_TITLES: dict[str, object] = {   # object: QT_TRANSLATE_NOOP's type; a str at run time
    "central": QT_TRANSLATE_NOOP("FirstRunWizard", "中心服务"),
    "workstation": QT_TRANSLATE_NOOP("FirstRunWizard", "分局与窗口"),
    "printer": QT_TRANSLATE_NOOP("FirstRunWizard", "打印机"),
    "card": QT_TRANSLATE_NOOP("FirstRunWizard", "社保卡读卡器"),
    "fingerprint": QT_TRANSLATE_NOOP("FirstRunWizard", "指纹采集器"),
    "language": QT_TRANSLATE_NOOP("FirstRunWizard", "界面语言"),
}


def step_title(step: str) -> str:
    """A page's title in the language of the UI."""
    return QCoreApplication.translate("FirstRunWizard", str(STEP_TITLES[step]))


class _ProbeRow(QWidget):
    """A test button and the result line under it."""

    def __init__(self, label: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.button = QPushButton(label, self)
        self.result = QLabel(self)
        self.result.setWordWrap(True)
        self.result.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        row = QHBoxLayout()
        row.addWidget(self.button)
        row.addStretch(1)
        layout.addLayout(row)
        layout.addWidget(self.result)
        self.last: fr.Probe | None = None

    def run(self, fn) -> None:
        self.button.setEnabled(False)
        self.result.setText(self.tr("正在测试……"))
        run_task(fn, self._done, self._failed, owner=self)

    def _done(self, probe: fr.Probe) -> None:
        self.last = probe
        self.button.setEnabled(True)
        text = ("✓ " if probe.ok else "✗ ") + probe.message
        if probe.hint and not probe.ok:
            text += "\n" + probe.hint
        self.result.setText(text)

    def _failed(self, exc: BaseException) -> None:  # the probes do not raise; a bug still says so
        self._done(fr.Probe(False, self.tr("测试时出错，请联系信息技术人员。")))


class _Page(QWizardPage):
    step = ""

    def __init__(self, wizard: "FirstRunWizard"):
        super().__init__(wizard)
        self.wiz = wizard
        self.setTitle(step_title(self.step) if self.step else "")
        self.form = QFormLayout(self)
        self.problem = QLabel(self)  # this page's validation problems, in the language of the UI
        self.problem.setObjectName("problem")
        self.problem.setStyleSheet("color: #b00020")
        self.problem.setWordWrap(True)

    @property
    def settings(self) -> Settings:
        return self.wiz.settings

    def apply(self) -> list[str]:
        """Copy the fields into the settings; the problems in the language of the UI (empty when all is valid)."""
        return []

    def reset(self) -> None:
        """Skip: this page's section back to what it was when the wizard opened (the defaults at
        first run, the current settings from 设置…)."""

    def validatePage(self) -> bool:  # Qt's name
        problems = self.apply()
        self.problem.setText("\n".join(problems))
        return not problems


def _problems(fn) -> list[str]:
    try:
        fn()
    except ConfigError as exc:
        from counter_app.ui.config_errors import problem_text

        return [problem_text(p) for p in exc.problems]     # in the language of the UI
    return []


class CentralPage(_Page):
    step = "central"

    def __init__(self, wizard):
        super().__init__(wizard)
        self.setSubTitle(self.tr("中心服务的地址由信息技术人员提供。离线也能办理业务，联网后自动同步。"))
        self.url = QLineEdit(self.settings.central.url, self)
        self.url.setObjectName("central_url")
        self.probe = _ProbeRow(self.tr("测试连接"), self)
        self.probe.button.clicked.connect(self._test)
        self.form.addRow(self.tr("中心服务地址"), self.url)
        self.form.addRow("", self.probe)
        # no safe keyring (a fresh Debian / UOS without gnome-keyring): the store cannot be opened;
        # say what to install on the first page, before anything else is asked
        keyring = fr.probe_keyring()
        self.keyring = QLabel(self)
        self.keyring.setObjectName("keyring_problem")
        self.keyring.setWordWrap(True)
        self.keyring.setStyleSheet("color: #b00020")
        self.keyring.setText("" if keyring.ok else self.tr("系统密钥环不可用：") + keyring.message)
        self.keyring.setVisible(not keyring.ok)
        self.form.addRow(self.keyring)

    def _test(self):
        url = self.url.text().strip()
        self.probe.run(lambda: fr.probe_central(url))

    def apply(self):
        return _problems(lambda: setattr(self.settings.central, "url", self.url.text().strip()))

    def reset(self):
        self.settings.central = self.wiz.original("central")
        self.url.setText(self.settings.central.url)


class WorkstationPage(_Page):
    step = "workstation"

    def __init__(self, wizard):
        super().__init__(wizard)
        self.setSubTitle(self.tr("本窗口所属分局和窗口号。工作站须由本分局科长或管理员在中心登记。"))
        office = self.settings.office
        self.office_name = QLineEdit(office.name, self)
        self.office_code = QLineEdit(office.code, self)
        self.window_number = QSpinBox(self)
        self.window_number.setRange(1, 999)
        self.window_number.setValue(office.window_number)
        self.workstation_id = QLineEdit(office.workstation_id, self)
        self.admin_user = QLineEdit(self)
        self.admin_user.setPlaceholderText(self.tr("科长或管理员用户名"))
        self.admin_password = QLineEdit(self)
        self.admin_password.setEchoMode(QLineEdit.EchoMode.Password)
        self.admin_totp = QLineEdit(self)   # supervisors and admins sign in with their 动态验证码
        self.admin_totp.setObjectName("admin_totp")
        self.admin_totp.setMaxLength(6)
        self.admin_totp.setPlaceholderText(self.tr("身份验证器上的 6 位数字"))
        self.probe = _ProbeRow(self.tr("登记工作站"), self)
        self.probe.button.clicked.connect(self._register)
        self.form.addRow(self.tr("分局名称"), self.office_name)
        self.form.addRow(self.tr("分局代码"), self.office_code)
        self.form.addRow(self.tr("窗口号"), self.window_number)
        self.form.addRow(self.tr("工作站编号"), self.workstation_id)
        self.form.addRow(self.tr("登记人"), self.admin_user)
        self.form.addRow(self.tr("登记人密码"), self.admin_password)
        self.form.addRow(self.tr("动态验证码"), self.admin_totp)
        self.form.addRow("", self.probe)

    def apply(self):
        office = self.settings.office
        return (_problems(lambda: setattr(office, "name", self.office_name.text().strip()))
                + _problems(lambda: setattr(office, "code", self.office_code.text().strip()))
                + _problems(lambda: setattr(office, "window_number", self.window_number.value()))
                + _problems(lambda: setattr(office, "workstation_id", self.workstation_id.text().strip())))

    def _register(self):
        problems = self.apply()
        if problems:
            self.probe._done(fr.Probe(False, "；".join(problems)))
            return
        user, password, totp = self.admin_user.text().strip(), self.admin_password.text(), self.admin_totp.text().strip()
        snapshot = Settings.from_dict(self.settings.to_dict())
        self.probe.run(lambda: fr.register_workstation(snapshot, user, password, totp))

    def reset(self):
        self.settings.office = self.wiz.original("office")
        office = self.settings.office
        self.office_name.setText(office.name)
        self.office_code.setText(office.code)
        self.window_number.setValue(office.window_number)
        self.workstation_id.setText(office.workstation_id)


class PrinterPage(_Page):
    step = "printer"

    def __init__(self, wizard):
        super().__init__(wizard)
        self.setSubTitle(self.tr("打印告知书的打印机。可打印一张测试页检查中文和版面。"))
        self.printer = QComboBox(self)
        self.printer.setObjectName("printer")
        self.printer.setEditable(True)
        self.printer.addItem(self.tr("系统默认打印机"), "")
        if self.settings.printer.name:   # from 设置…: the configured queue stays chosen
            self.printer.addItem(self.settings.printer.name, self.settings.printer.name)
            self.printer.setCurrentIndex(1)
        self.probe = _ProbeRow(self.tr("打印测试页"), self)
        self.probe.button.clicked.connect(self._test_page)
        self.form.addRow(self.tr("打印机"), self.printer)
        self.form.addRow("", self.probe)
        self._default: str | None = None
        run_task(fr.printers, self._fill, owner=self)

    def _fill(self, found) -> None:
        queues, self._default = found
        for q in queues:
            if self.printer.findData(q) < 0:
                self.printer.addItem(q, q)
        if self._default:
            self.printer.setItemText(0, self.tr("系统默认打印机（{0}）").format(self._default))

    def queue(self) -> str:
        data = self.printer.currentData()
        if data is None or self.printer.currentText() != self.printer.itemText(self.printer.currentIndex()):
            return self.printer.currentText().strip()
        return data

    def apply(self):
        return _problems(lambda: setattr(self.settings.printer, "name", self.queue()))

    def _test_page(self):
        queue = self.queue() or self._default
        if not queue:
            self.probe._done(fr.Probe(False, self.tr("没有可用的打印机：请先在系统中添加打印机。")))
            return
        snapshot = Settings.from_dict(self.settings.to_dict())
        self.probe.run(lambda: fr.print_test_page(snapshot, queue))

    def reset(self):
        self.settings.printer = self.wiz.original("printer")
        self.printer.setCurrentIndex(max(self.printer.findData(self.settings.printer.name), 0))


class _BackendPage(_Page):
    section = ""
    options: tuple = ()

    def __init__(self, wizard):
        super().__init__(wizard)
        self.backend = QComboBox(self)
        self.backend.setObjectName(f"{self.step}_backend")
        for value, label in self.options:
            self.backend.addItem(self.tr(label), value)
        self.backend.setCurrentIndex(self.backend.findData(getattr(self.settings, self.section).backend))
        self.form.addRow(self.tr("方式"), self.backend)

    def apply(self):
        return _problems(lambda: setattr(getattr(self.settings, self.section), "backend", self.backend.currentData()))

    def reset(self):
        setattr(self.settings, self.section, self.wiz.original(self.section))
        self.backend.setCurrentIndex(self.backend.findData(getattr(self.settings, self.section).backend))


# The reader choices come from workflows.first_run (no Qt there) and are translated at run time by
# the page's self.tr(label); these marks let lupdate see them in each page's context.
_BACKEND_LABELS = (
    QT_TRANSLATE_NOOP("CardPage", "PC/SC 读卡器"),
    QT_TRANSLATE_NOOP("CardPage", "全国统一读卡接口（厂商动态库）"),
    QT_TRANSLATE_NOOP("CardPage", "演示（不读真卡）"),
    QT_TRANSLATE_NOOP("FingerprintPage", "libfprint 指纹采集器（Linux）"),
    QT_TRANSLATE_NOOP("FingerprintPage", "Windows 生物识别框架（WBF）"),
    QT_TRANSLATE_NOOP("FingerprintPage", "本窗口不采集指纹"),
    QT_TRANSLATE_NOOP("FingerprintPage", "演示（不是真实指纹）"),
)


class CardPage(_BackendPage):
    step, section, options = "card", "card", fr.CARD_BACKENDS

    def __init__(self, wizard):
        super().__init__(wizard)
        self.setSubTitle(self.tr("社会保障卡读卡器。插入一张卡后测试，可确认读卡器和卡都能识别。"))
        self.reader = QLineEdit(self.settings.card.reader, self)
        self.reader.setPlaceholderText(self.tr("留空使用第一个读卡器"))
        self.probe = _ProbeRow(self.tr("测试读卡器"), self)
        self.probe.button.clicked.connect(self._test)
        self.form.addRow(self.tr("读卡器名称"), self.reader)
        self.form.addRow("", self.probe)

    def apply(self):
        return super().apply() + _problems(lambda: setattr(self.settings.card, "reader", self.reader.text().strip()))

    def _test(self):
        problems = self.apply()
        if problems:
            self.probe._done(fr.Probe(False, "；".join(problems)))
            return
        snapshot = Settings.from_dict(self.settings.to_dict())
        self.probe.run(lambda: fr.probe_card_reader(snapshot))

    def reset(self):
        super().reset()
        self.reader.setText(self.settings.card.reader)


class FingerprintPage(_BackendPage):
    step, section, options = "fingerprint", "fingerprint", fr.FINGERPRINT_BACKENDS

    def __init__(self, wizard):
        super().__init__(wizard)
        self.setSubTitle(self.tr("指纹采集器（6.6.1.1.2.3 指纹采集）。本窗口不采集指纹时选“本窗口不采集指纹”。"))
        self.probe = _ProbeRow(self.tr("测试指纹采集器"), self)
        self.probe.button.clicked.connect(self._test)
        self.form.addRow("", self.probe)

    def _test(self):
        self.apply()
        snapshot = Settings.from_dict(self.settings.to_dict())
        self.probe.run(lambda: fr.probe_fingerprint_reader(snapshot))


class LanguagePage(_Page):
    step = "language"

    def __init__(self, wizard):
        super().__init__(wizard)
        self.language = QComboBox(self)
        self.language.setObjectName("language")
        for value, label in fr.LANGUAGES:
            self.language.addItem(label, value)
        self.language.setCurrentIndex(self.language.findData(self.settings.ui.language))
        self.form.addRow(self.tr("界面语言"), self.language)

    def apply(self):
        return _problems(lambda: setattr(self.settings.ui, "language", self.language.currentData()))

    def reset(self):
        self.settings.ui.language = self.wiz.original("ui").language
        self.language.setCurrentIndex(self.language.findData(self.settings.ui.language))


PAGES = (CentralPage, WorkstationPage, PrinterPage, CardPage, FingerprintPage, LanguagePage)


class FirstRunWizard(QWizard):
    """Collects :attr:`settings`; the caller writes them when the wizard is accepted."""

    SKIP_BUTTON = QWizard.WizardButton.CustomButton1

    def __init__(self, settings: Settings | None = None, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle(self.tr("首次运行设置 — 社保窗口柜面客户端"))
        self.setWizardStyle(QWizard.WizardStyle.ClassicStyle)
        self.settings = settings or default_settings()
        self._initial = self.settings.to_dict()   # what a skipped step goes back to
        self.skipped: list[str] = []
        self.pages = [cls(self) for cls in PAGES]
        for page in self.pages:
            page.form.addRow(page.problem)
            self.addPage(page)
        self.setButtonText(self.SKIP_BUTTON, self.tr("跳过此步"))
        self.setButtonText(QWizard.WizardButton.NextButton, self.tr("下一步"))
        self.setButtonText(QWizard.WizardButton.BackButton, self.tr("上一步"))
        self.setButtonText(QWizard.WizardButton.FinishButton, self.tr("完成"))
        self.setButtonText(QWizard.WizardButton.CancelButton, self.tr("以后再说"))
        self.setOption(QWizard.WizardOption.HaveCustomButton1, True)
        self.customButtonClicked.connect(self._on_custom)

    def exec(self) -> int:  # Qt override
        """As ``QDialog.exec``; the idle lock (设置… from the menu) hides the wizard and shows it again,
        what was typed kept, after unlocking (ui.idle_lock.exec_kept_over_lock)."""
        from counter_app.ui.idle_lock import exec_kept_over_lock

        return exec_kept_over_lock(self)

    def original(self, section: str):
        """A fresh copy of ``section`` as it was when the wizard opened."""
        return getattr(Settings.from_dict(self._initial), section)

    def _on_custom(self, which) -> None:
        if which in (self.SKIP_BUTTON, self.SKIP_BUTTON.value):
            self.skip_current()

    def skip_current(self) -> None:
        """跳过此步: the page's section keeps the values it had when the wizard opened (the defaults
        at first run, the current settings from 设置…); on the last page, finish."""
        page = self.currentPage()
        assert isinstance(page, _Page)
        page.reset()
        self.skipped.append(page.step)
        page.problem.setText("")
        if self.currentId() == self.pageIds()[-1]:
            QWizard.accept(self)
        else:
            self.next()

    def accept(self) -> None:  # the last page's fields too
        page = self.currentPage()
        if page is not None and not page.validatePage():
            return
        super().accept()

    @classmethod
    def ask(cls, parent: QWidget | None = None) -> "Settings | None":
        """Run the wizard; the settings to write, or None when put off (以后再说)."""
        wizard = cls(parent=parent)
        return wizard.settings if wizard.exec() == QWizard.DialogCode.Accepted else None
