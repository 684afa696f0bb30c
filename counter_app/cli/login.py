"""``counter-app login USER`` / ``counter-app logout``: online login (offline after an earlier one)."""

from __future__ import annotations

import argparse
import sys


def register(subparsers) -> None:
    li = subparsers.add_parser("login", help="登录中心服务（网络不通时可离线登录）")
    li.add_argument("username")
    li.add_argument("--password-stdin", action="store_true", help="从标准输入读取密码")
    li.add_argument("--totp", default="", help="动态验证码（科长、管理员：身份验证器上的 6 位数字）")
    li.add_argument("--json", action="store_true")
    li.set_defaults(func=_login)
    lo = subparsers.add_parser("logout", help="注销（有未同步记录时先提醒，记录不会删除）")
    lo.add_argument("--force", action="store_true", help="确认在有未同步记录时注销（记录仍保留）")
    lo.add_argument("--json", action="store_true")
    lo.set_defaults(func=_logout)


NO_PASSWORD = "没有读到密码：请在终端上输入，或用 --password-stdin 从标准输入传入（一行）"


def _read_password(args: argparse.Namespace) -> str:
    """The password: one line of standard input (``--password-stdin``) or asked on the terminal.
    Bytes that are not UTF-8 are kept as lone surrogates (the login then says so in Chinese); an
    overlong line is not read whole. LoginError (Chinese) when there is none or it is too long."""
    from counter_app.sync.auth import MAX_PASSWORD, LoginError

    if not args.password_stdin:
        import getpass

        import warnings

        try:
            with warnings.catch_warnings():   # no terminal: Python's English GetPassWarning, then an echoed read
                warnings.simplefilter("error", getpass.GetPassWarning)
                return getpass.getpass("密码：")
        except getpass.GetPassWarning:
            raise LoginError("没有读到密码：没有可输入密码的终端，请用 --password-stdin 从标准输入传入密码（一行）") from None
        except EOFError:                 # no terminal and nothing piped in
            raise LoginError(NO_PASSWORD) from None
    buffer = getattr(sys.stdin, "buffer", None)
    if buffer is None:                   # a text stream put in its place (tests, embedding)
        line = sys.stdin.readline()
    else:
        cap = 4 * MAX_PASSWORD + 2       # UTF-8: at most 4 bytes a character, and the line end
        raw = buffer.readline(cap + 1)
        if len(raw) > cap and not raw.endswith(b"\n"):
            raise LoginError(f"密码太长（最多 {MAX_PASSWORD} 个字符），请核对")
        line = raw.decode("utf-8", "surrogateescape")
    if line == "":
        raise LoginError(NO_PASSWORD)
    return line.rstrip("\r\n")


def _login(args: argparse.Namespace) -> int:
    from counter_app.cli._common import load_cli_settings, open_store, print_json
    from counter_app.sync.auth import AuthManager, LoginError

    still = ""      # who stays signed in here after a failed attempt (the CLI's write commands act as them)

    def refused(message: str) -> int:
        if args.json:
            print_json({"error": message, **({"still_signed_in": still} if still else {})})
        else:
            print(f"登录失败：{message}", file=sys.stderr)
            if still:
                print(f"本机仍由 {still} 登录，之后的操作仍以 {still} 的名义记录；如需换人请先 counter-app logout",
                      file=sys.stderr)
        return 1

    store = open_store()
    try:
        auth = AuthManager(store, load_cli_settings())
        current = auth.current_user() or ""
        still = current if current and current != args.username else ""
        try:
            password = _read_password(args)
            result = auth.login(args.username, password, args.totp)
        except LoginError as exc:
            current = auth.current_user() or ""     # a refusal may have signed them out (工作站已停用)
            still = current if current and current != args.username else ""
            return refused(str(exc))
        if result.mode == "online":
            # a restored store or a new machine with this 工作站编号: the centre's 文号 and case
            # numbers before the first case, not only at the first sync
            from counter_app.workflows.number_floors import refresh_number_floors

            refresh_number_floors(auth, result.user.username)
    finally:
        store.close()
    out = {"mode": result.mode, "user": result.user.model_dump(), "clock_skewed": result.clock_skewed,
           "clock_skew_seconds": result.clock_skew_seconds, "offline_days_left": result.offline_days_left}
    if result.offline_reason:
        out["offline_reason"] = result.offline_reason
    if result.office_mismatch:
        out["office_mismatch"] = result.office_mismatch
    if args.json:
        print_json(out)
    else:
        how = "联网登录" if result.mode == "online" else f"离线登录（还可离线 {result.offline_days_left} 天）"
        print(f"{result.user.display_name}（{result.user.username}）{how}成功")
        if result.offline_reason:
            print("警告：" + result.offline_reason)
        if result.clock_message:
            print("警告：" + result.clock_message)
        if result.office_mismatch:
            print("警告：" + result.office_mismatch)
    return 0


def _logout(args: argparse.Namespace) -> int:
    from counter_app.cli._common import load_cli_settings, open_store, print_json
    from counter_app.sync.auth import AuthManager, UnsyncedWorkError

    store = open_store()
    try:
        auth = AuthManager(store, load_cli_settings())
        if not auth.current_user():       # nothing to sign out: not a warning about the queue
            store.close()
            message = "本机当前没有人登录，无需注销。"
            print_json({"signed_in": None, "message": message}) if args.json else print(message)
            return 0
        result = auth.logout(force=args.force)
    except UnsyncedWorkError as exc:
        print_json({"warning": str(exc), "unsynced": exc.unsynced}) if args.json else print(f"{exc}\n确认注销请加 --force。")
        return 3
    finally:
        store.close()
    if args.json:
        print_json(vars(result))
    else:
        extra = "" if result.revoked_online or not result.revocation_queued else "（网络不通：登录凭据已在本机删除，联网后通知中心作废）"
        print("已注销" + extra + (f"；{result.unsynced} 条未同步记录仍保留在本机" if result.unsynced else ""))
    return 0
