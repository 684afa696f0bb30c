"""``counter-app certification …``: 资格认证 for a supervisor at the counter.

    counter-app certification reminders [--days N] [--json]

The office's pensioners whose certification lapses within N days (default the parameter
``certification.roster_window_days``), from the centre, read-only, ID numbers / names / phones
masked (6.6.3.2). The full list for the SMS gateway is the centre's
``counter-central certification reminders --csv FILE``.
"""

from __future__ import annotations

import argparse

from counter_protocol.cli_args import non_negative_int


def register(subparsers) -> None:
    parser = subparsers.add_parser("certification", help="资格认证：认证即将到期人员名单（科长，只读，已遮盖）")
    sub = parser.add_subparsers(dest="certification_command", metavar="ACTION")
    rem = sub.add_parser("reminders", help="本分局认证即将到期的退休人员（须联网）")
    rem.add_argument("--days", type=non_negative_int, default=None, help="多少天内到期（缺省为参数 certification.roster_window_days）")
    rem.add_argument("--json", action="store_true")
    rem.set_defaults(func=_reminders)
    parser.set_defaults(func=lambda a: (parser.print_help(), 2)[1])


def _fail(args, message: str, code: int = 1) -> int:
    from counter_app.cli._common import fail

    return fail(args, message, code)


def _reminders(args: argparse.Namespace) -> int:
    from counter_app.cli._common import load_cli_settings, open_store, print_json
    from counter_app.cli.approvals import _signed_in
    from counter_app.sync.client import CentralClient, SyncError

    if args.days is not None and not 0 <= args.days <= 366:
        return _fail(args, "天数应在 0 到 366 之间", 2)
    settings = load_cli_settings()
    store = open_store()
    try:
        try:
            auth, info, online = _signed_in(store, settings)
        except LookupError as exc:
            return _fail(args, str(exc).replace("使用审批队列", "查看认证到期名单"))
        if not online:
            return _fail(args, "未联网登录：认证到期名单须从中心查询，请联网后用 counter-app login 登录")
        client = CentralClient(settings.central.url, timeout=settings.central.timeout_seconds,
                               tokens=auth.tokens(info.username))
        try:
            answer = client.certification_reminders(args.days)
        except SyncError as exc:
            return _fail(args, str(exc))
        finally:
            client.close()
    finally:
        store.close()
    if args.json:
        print_json(answer.model_dump(mode="json"))
    else:
        print(f"{info.office_code} {answer.days} 天内资格认证到期的退休人员：{len(answer.items)} 人（{answer.today}）")
        for r in answer.items:
            print(f"{r.id_masked}  {r.name_masked}  {r.phone_masked or '-'}  有效期至 {r.valid_until}  剩 {r.days_left} 天")
    return 0
