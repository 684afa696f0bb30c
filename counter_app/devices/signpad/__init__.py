"""签名板 (signature pad): the applicant signs the 受理告知书, 业务指引告知书 or the visit record.

``open_signpad(settings)`` → the configured pad (``[signpad] backend``):

- ``hid``    — 汉王 ESP series through hidapi (:mod:`.hanvon`, :mod:`.hidapi`, ctypes);
- ``screen`` — the applicant signs on the screen with pen or mouse
  (``counter_app.ui.signature_widget``): there is no device to open here;
- ``none``   — no signing at this window.

``pad.capture(timeout) -> Signature``; ``signature.png()`` is the transparent PNG placed on the
document's 申请人签名 line.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from counter_app.devices.signpad.errors import SignpadError, SignpadNotConfigured
from counter_app.devices.signpad.hanvon import HanvonSignpad, Signature

if TYPE_CHECKING:
    from counter_app.config import Settings

__all__ = ["HanvonSignpad", "Signature", "SignpadError", "open_signpad"]


def open_signpad(settings: "Settings") -> HanvonSignpad:
    cfg = settings.signpad
    if cfg.backend.value != "hid":
        raise SignpadNotConfigured(cfg.backend.value)
    return HanvonSignpad(cfg.library, cfg.vendor_id, cfg.product_id)
