"""What a card or an ID card holds that the clerk should check (a warning: the data still shows).

Each warning is data — a Chinese template with ``{0}`` … for its dates, and the dates — so the CLI
and ``--json`` say it in Chinese (:meth:`CardWarning.text`) and the window words it again through
Qt's translation (``counter_app.ui.device_errors.card_warning_text``; tests/unit/app/test_translations.py
checks that the window's table is these templates). No Qt here.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

# 社会保障卡
CARD_EXPIRED = "社会保障卡已过有效期（有效期至 {0}），信息仅供核对，请提示参保人申领新卡。"
CARD_EXPIRED_UNKNOWN = "社会保障卡已过有效期（有效期至 未知），信息仅供核对，请提示参保人申领新卡。"
CARD_BIRTH_DIFFERS = "卡内出生日期（{0}）与社会保障号码中的出生日期（{1}）不一致，请人工核对身份证件。"
CARD_BIRTH_FUTURE = "卡内出生日期（{0}）晚于今天，请人工核对身份证件。"
CARD_SEX_DIFFERS = "卡内性别与社会保障号码不一致，请人工核对身份证件。"
CARD_ISSUED_AFTER_EXPIRY = "卡内发卡日期（{0}）晚于有效期（{1}），请人工核对。"
CARD_ISSUED_FUTURE = "卡内发卡日期（{0}）晚于今天，请人工核对。"
# 居民身份证
IDCARD_EXPIRED = "居民身份证已过有效期（有效期至 {0}），不能作为有效身份证件，请参保人出示有效证件。"
IDCARD_BIRTH_DIFFERS = "证件上的出生日期（{0}）与公民身份号码中的出生日期（{1}）不一致，请人工核对证件原件。"
IDCARD_SEX_DIFFERS = "证件上的性别与公民身份号码不一致，请人工核对证件原件。"

TEMPLATES = (CARD_EXPIRED, CARD_EXPIRED_UNKNOWN, CARD_BIRTH_DIFFERS, CARD_BIRTH_FUTURE, CARD_SEX_DIFFERS,
             CARD_ISSUED_AFTER_EXPIRY, CARD_ISSUED_FUTURE, IDCARD_EXPIRED, IDCARD_BIRTH_DIFFERS, IDCARD_SEX_DIFFERS)


@dataclass(frozen=True)
class CardWarning:
    template: str                    # one of TEMPLATES
    dates: tuple[date, ...] = ()     # its {0}, {1}

    def text(self) -> str:
        """In Chinese, dates as YYYY-MM-DD (the CLI, ``--json``, the log)."""
        return self.template.format(*(d.isoformat() for d in self.dates))

    def __str__(self) -> str:
        return self.text()
