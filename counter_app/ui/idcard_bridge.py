"""居民身份证阅读器 and 电子社保卡扫码枪 in the workspace: they fill the applicant like a card read.

:class:`IdCardBridge` is the social security card bridge (:class:`~counter_app.ui.card_bridge.CardBridge`)
over an ID card reader: the same ``card_inserted(record)`` / ``card_removed`` / ``card_error`` /
``card_warning`` signals (an expired ID card still fills, with a warning; the case's ID-validity
condition then fails through the ``id_card`` fact). :func:`attach_id_devices` opens the configured
ID card reader and scanner for a workspace panel and connects them to the panel's card handler,
so the panel itself needs only the call and the matching :func:`detach_id_devices`.
"""

from __future__ import annotations

import logging

from counter_app.ui.card_bridge import CardBridge
from counter_app.ui.device_state import DeviceState, device_text

log = logging.getLogger(__name__)


class IdCardBridge(CardBridge):
    """Same signals as :class:`CardBridge`; the reader is a ``counter_app.devices.idcard`` reader."""


class IdDevices:
    """The ID card bridge and the scanner bridge of one panel, and the status they report."""

    def __init__(self, panel):
        self.panel = panel
        self.idcard: IdCardBridge | None = None
        self.idcard_reader = None
        self.scanner = None
        # the two devices' states as data (ui.device_state): the status bar words them when shown
        self.states: dict[str, DeviceState | None] = {"idcard_state": None, "scanner_state": None}

    @property
    def idcard_state(self) -> str:
        """The ID card reader's state as the clerk reads it now."""
        return device_text(self.states["idcard_state"])

    @property
    def scanner_state(self) -> str:
        """The scanner's state as the clerk reads it now."""
        return device_text(self.states["scanner_state"])

    # -- status ------------------------------------------------------------------------------
    def _status(self, **changes: DeviceState) -> None:
        self.states.update(changes)
        self.panel.events.status_info.emit(dict(changes))   # the main window's status bar listens

    # -- ID card -----------------------------------------------------------------------------
    def start_idcard(self) -> None:
        from counter_app.ui.tasks import run_task

        settings = self.panel.ctx.settings
        if settings.idcard.backend.value == "none":
            return

        def open_reader():
            from counter_app.devices.idcard import open_idcard_reader

            reader = open_idcard_reader(settings)
            reader.check()
            import counter_app.devices.card.watcher  # noqa: F401  (the watch starts on the GUI thread)

            return reader

        def failed(err) -> None:
            from counter_app.ui.device_errors import device_error

            if not getattr(err, "message", None):
                log.warning("id card reader could not be opened: %r", err)
            self._status(idcard_state=DeviceState("idcard.error", (device_error(err).without_hint(),)))

        run_task(open_reader, self._idcard_opened, failed, owner=self.panel)

    def _idcard_opened(self, reader) -> None:
        p = self.panel
        if p.devices._shut:
            reader.close()
            return
        self.idcard_reader = reader
        self.idcard = IdCardBridge(reader, p, today=p._today)
        self.idcard.card_inserted.connect(self._id_read)
        self.idcard.card_removed.connect(lambda: self._status(idcard_state=DeviceState("idcard.ready")))
        self.idcard.card_error.connect(self._id_error)
        self.idcard.card_warning.connect(p.applicant.warning.setText)
        self.idcard.start()
        self._status(idcard_state=DeviceState("idcard.ready"))

    def _id_error(self, error) -> None:
        """A failed read: said in the status; an ID card whose data cannot be right is a failed read on
        the audit trail too, the problems' names only (as ``idcard read`` and the social security
        card's refused read)."""
        if error.code == "idcard_data" and error.params:
            from counter_app.ui.audit_trail import audit

            audit(self.panel.ctx, action="card.read", object_type="idcard", result="failed",
                  detail="卡内数据有误：" + "；".join(error.params), on_lost=self.panel.events.message.emit,
                  owner=self.panel)
        self._status(idcard_state=DeviceState("idcard.error", (error.without_hint(),)))

    def _id_read(self, record) -> None:
        from counter_app.domain.masking import mask_id, mask_name

        self.panel._card_inserted(record)
        self._status(idcard_state=DeviceState("idcard.read", (mask_name(record.name), mask_id(record.id_number))))

    # -- 电子社保卡 scanner ---------------------------------------------------------------------
    def start_scanner(self, verify=None) -> None:
        """The device modules are imported (and a serial / evdev reader opened) on a worker, as for
        the card reader: the GUI thread imports nothing of devices/ or sync/ before it is idle."""
        from counter_app.ui.tasks import run_task

        settings = self.panel.ctx.settings
        sc = settings.scanner
        if sc.backend.value == "none":
            return

        def prepare():
            # what the GUI thread uses next, imported here (cached for it)
            import counter_app.devices.scanner.wedge
            from counter_app.sync.essc import verify_with_settings

            if sc.backend.value == "serial":
                import counter_app.devices.scanner.serial_port
            elif sc.backend.value == "evdev":
                import counter_app.devices.scanner.evdev_input  # noqa: F401

            return verify or verify_with_settings(settings, self.panel.ctx.store)

        run_task(prepare, self._scanner_ready, self._scanner_failed, owner=self.panel)

    def _scanner_failed(self, err: BaseException) -> None:
        from counter_app.ui.device_errors import plain_error

        log.warning("scanner could not be prepared: %r", err)
        self._status(scanner_state=DeviceState("scanner.error", (plain_error(err),)))

    def _scanner_ready(self, verify) -> None:
        from counter_app.ui.scanner_bridge import ScannerBridge

        settings = self.panel.ctx.settings
        sc = settings.scanner
        if self.panel.devices._shut:
            return
        self.scanner = ScannerBridge(verify, self.panel)
        self.scanner.code_scanned.connect(lambda: self._status(scanner_state=DeviceState("essc.verifying")))
        self.scanner.person_verified.connect(self._essc_verified)
        self.scanner.essc_error.connect(self._essc_failed)
        self.scanner.scanner_error.connect(lambda error: self._status(
            scanner_state=DeviceState("scanner.error", (error.without_hint(),))))
        if sc.backend.value == "wedge":
            self.scanner.use_wedge(sc.max_gap_ms, sc.min_length)
            self._status(scanner_state=DeviceState("scanner.ready_wedge"))
            return
        from counter_app.devices.scanner import ScannerError, open_scanner

        try:
            self.scanner.use_reader(lambda on_code, on_error: open_scanner(settings, on_code, on_error))
        except ScannerError as err:
            from counter_app.ui.device_errors import device_error

            self._status(scanner_state=DeviceState("scanner.error", (device_error(err).without_hint(),)))
            return
        self._status(scanner_state=DeviceState("scanner.ready"))

    def _essc_verified(self, result) -> None:
        from counter_app.domain.masking import mask_id, mask_name

        self.panel._card_inserted(result)
        self._status(scanner_state=DeviceState("essc.verified", (mask_name(result.name),
                                                                 mask_id(result.social_security_number))))

    def _essc_failed(self, error) -> None:
        """The check's error (a ui.device_errors.DeviceError) without its hint, kept as data: the form's
        warning and the status bar word it when shown and again on a language switch."""
        error = error.without_hint()
        self.panel.applicant.show_warning(error)
        self._status(scanner_state=DeviceState("essc.error", (error,)))

    # -- shutdown ----------------------------------------------------------------------------
    def stop(self) -> None:
        if self.idcard is not None:
            self.idcard.stop()
            self.idcard = None
        if self.idcard_reader is not None:
            try:
                self.idcard_reader.close()
            except Exception:
                log.debug("ID card reader close failed", exc_info=True)
            self.idcard_reader = None
        if self.scanner is not None:
            self.scanner.stop()
            self.scanner = None


def attach_id_devices(panel, *, verify=None) -> IdDevices:
    """Start the ID card reader and the scanner the settings name, for ``panel`` (a WorkspacePanel)."""
    devices = IdDevices(panel)
    devices.start_idcard()
    devices.start_scanner(verify)
    return devices
