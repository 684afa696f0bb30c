"""The online CLI commands (and essc verify's check) say why the centre could not be used — an answer not understood, a 5xx,
a 503 with Retry-After, a timeout, the network — in Chinese, as ``sync run`` does
(counter_app.domain.messages.plain_message), instead of 无法连接中心服务 for every transient error;
``{"error": …}`` under ``--json`` and a non-zero exit."""

from __future__ import annotations

import json
import re
from types import SimpleNamespace

import httpx
import pytest

from counter_app.cli.main import main
from counter_app.sync import client as client_module
from counter_app.sync.client import StaticToken
from counter_protocol.sync import UserInfo

ENGLISH = re.compile(r"Traceback|Errno|Timeout|Error\b|Exception\b|\b[A-Za-z]+ [a-z]+ [a-z]+\b")


def _answer(kind: str):
    def handler(request: httpx.Request) -> httpx.Response:
        if kind == "html":            # a proxy's login page where the centre should be
            return httpx.Response(200, headers={"content-type": "text/html"}, text="<html>请登录代理</html>")
        if kind == "500":
            return httpx.Response(500, text="Internal Server Error")
        if kind == "503":
            return httpx.Response(503, headers={"retry-after": "120"}, json={"detail": "中心服务繁忙，请稍后再试"})
        if kind == "timeout":
            raise httpx.ReadTimeout("timed out", request=request)
        raise httpx.ConnectError("[Errno 111] Connection refused", request=request)
    return handler


# (what the centre does, what the message must say)
TRANSIENT = [
    ("html", "中心服务的答复无法识别（HTTP 200）"),
    ("500", "中心服务暂时不可用（500）"),
    ("503", "中心服务暂时不可用（503）：中心服务繁忙，请稍后再试"),
    ("timeout", "连接中心服务超时"),
    ("down", "无法连接中心服务"),
]


@pytest.fixture
def centre(monkeypatch):
    """``set(kind)``: every CentralClient the CLI makes talks to a centre answering that way."""
    state = {"kind": "down"}
    real = client_module.CentralClient

    def made(url, **kw):
        return real(url, transport=httpx.MockTransport(lambda r: _answer(state["kind"])(r)), **kw)

    monkeypatch.setattr(client_module, "CentralClient", made)
    return lambda kind: state.update(kind=kind)


def _auth():
    return SimpleNamespace(tokens=lambda user: StaticToken("token"), current_user=lambda: "sup01",
                           stored_user=lambda user: None)     # never signed in online here: the configured office


def _run(argv, capsys) -> tuple[int, str, str]:
    code = main(argv)
    out, err = capsys.readouterr()
    return code, out, err


def _check(kind, said, argv, capsys, code_wanted=None) -> None:
    code, _, err = _run(argv, capsys)
    assert code != 0 and said in err and not ENGLISH.search(err), (kind, err)
    code, out, err = _run([*argv, "--json"], capsys)
    message = json.loads(out.strip().splitlines()[-1])["error"]
    assert code != 0 and said in message and not ENGLISH.search(message), (kind, message)
    if kind != "down":
        assert "无法连接中心服务" not in message, message   # the centre answered: it was reached
    # these commands are not retried by themselves: no "稍后会自动重试" / "联网后会自动同步" promise
    assert "自动重试" not in message and "自动同步" not in message, message
    if code_wanted is not None:
        assert code == code_wanted


@pytest.mark.parametrize(("kind", "said"), TRANSIENT)
def test_approvals_decide_says_why_the_centre_could_not_decide(kind, said, app_home, centre, monkeypatch, capsys):
    from counter_app.cli import approvals

    info = UserInfo(username="sup01", display_name="科长", roles=["supervisor"], office_code="FT", approval_level=1)
    monkeypatch.setattr(approvals, "_signed_in", lambda store, settings, *roles: (_auth(), info, True))
    centre(kind)
    argv = ["approvals", "decide", "req-1", "--approve", "--reason", "同意"]
    _check(kind, said, argv, capsys)
    code, out, _ = _run([*argv, "--json"], capsys)
    assert "审批决定未提交" in json.loads(out)["error"] and "现场授权" in json.loads(out)["error"]


def test_approvals_decide_refuses_a_reason_over_the_limit_before_asking_and_logs_no_part_of_it(
        app_home, centre, monkeypatch, capsys):
    """Exploratory test: a 600-character --reason ended in 出现意外错误, and the log kept pydantic's
    ValidationError with the reason's first words (a person's name) in clear. It is refused with the
    protocol's limit before the centre is asked; nothing of it is logged."""
    from counter_app.cli import approvals
    from counter_app.paths import app_paths
    from counter_protocol.approvals import REASON_MAX_LENGTH

    info = UserInfo(username="sup01", display_name="科长", roles=["supervisor"], office_code="FT", approval_level=1)
    monkeypatch.setattr(approvals, "_signed_in", lambda store, settings, *roles: (_auth(), info, True))
    centre("down")
    made = client_module.CentralClient
    asked = []
    monkeypatch.setattr(client_module, "CentralClient", lambda *a, **k: asked.append(1) or made(*a, **k))
    reason = "欧阳翠花的养老金核定" + "同意" * 300
    code, out, err = _run(["approvals", "decide", "req-1", "--approve", "--reason", reason], capsys)
    assert code == 2 and f"至多 {REASON_MAX_LENGTH} 字" in err and "意外" not in err and out == "", err
    code, out, _ = _run(["approvals", "decide", "req-1", "--approve", "--reason", reason, "--json"], capsys)
    assert code == 2 and f"至多 {REASON_MAX_LENGTH} 字" in json.loads(out)["error"] and asked == []
    code, _, err = _run(["approvals", "decide", "req-1", "--approve", "--reason", reason[:REASON_MAX_LENGTH]], capsys)
    assert "至多" not in err and asked == [1]                        # the limit itself is allowed
    logs = "".join(p.read_text(encoding="utf-8") for p in app_paths().log_dir.glob("*.log*"))
    assert "欧阳翠花" not in logs


def test_a_validation_errors_input_never_reaches_the_log_in_clear(tmp_path):
    """Whatever path lets a pydantic ValidationError into the log: its input_value is hidden."""
    import logging

    from counter_app.logging_setup import setup_logging
    from counter_protocol.approvals import DecisionRequest

    handler = setup_logging(tmp_path)
    try:
        name = "".join(["欧阳", "翠花"])     # not in this file's source line, which the traceback quotes
        try:
            DecisionRequest(decision="approved", reason=name * 200)
        except ValueError:
            logging.getLogger("counter_app.test").exception("decide failed")
        handler.flush()
    finally:
        logging.getLogger().removeHandler(handler)
        handler.close()
    content = (tmp_path / "counter-app.log").read_text(encoding="utf-8")
    assert "string_too_long" in content and "input_value=…（已隐去）" in content and "欧阳翠花" not in content


@pytest.mark.parametrize(("kind", "said"), TRANSIENT)
def test_field_pull_says_why_the_roster_was_not_pulled(kind, said, app_home, centre, monkeypatch, capsys):
    from counter_app.cli import field
    from counter_app.cli._common import load_cli_settings, open_store

    monkeypatch.setattr(field, "_session", lambda: (load_cli_settings(), open_store(), _auth()))
    centre(kind)
    _check(kind, said, ["field", "pull"], capsys, code_wanted=4)
    code, out, _ = _run(["field", "pull", "--json"], capsys)
    assert "名单未更新" in json.loads(out)["error"]


@pytest.mark.parametrize(("kind", "said"), TRANSIENT)
def test_approvals_dashboard_says_why_the_centre_figures_are_missing(kind, said, app_home, centre, monkeypatch,
                                                                   capsys):
    from counter_app.cli import approvals

    info = UserInfo(username="sup01", display_name="科长", roles=["supervisor"], office_code="FT", approval_level=1)
    monkeypatch.setattr(approvals, "_signed_in", lambda store, settings, *roles: (_auth(), info, True))
    centre(kind)
    code, out, _ = _run(["approvals", "dashboard", "--json"], capsys)
    answer = json.loads(out)
    assert code == 0 and answer["centre"] is None                     # this workstation's figures still shown
    assert said in answer["centre_note"] and "仅显示本机数据" in answer["centre_note"]
    assert "自动重试" not in answer["centre_note"] and "自动同步" not in answer["centre_note"]
    if kind != "down":
        assert "无法连接中心服务" not in answer["centre_note"]


@pytest.mark.parametrize(("kind", "said"), TRANSIENT)
def test_essc_verify_says_why_the_centre_could_not_verify(kind, said, app_home, centre, capsys):
    """essc verify: still 请读实体卡或身份证 (the clerk's way on), with the actual reason as the hint
    instead of 网络或中心服务不通 for every transient error."""
    from counter_app.sync.essc import OFFLINE_MESSAGE, EsscError, verify

    centre(kind)
    client = client_module.CentralClient("http://centre.invalid", tokens=StaticToken("token"))
    try:
        with pytest.raises(EsscError) as caught:
            verify(client, "ESSC1.0123456789.1796139531.abcdefgh")
    finally:
        client.close()
    err = caught.value
    assert err.code == "offline" and err.message == OFFLINE_MESSAGE
    assert said in err.hint and not ENGLISH.search(err.hint), err.hint
    assert "自动重试" not in err.hint and "自动同步" not in err.hint, err.hint
    if kind != "down":
        assert "网络或中心服务不通" not in err.hint and "无法连接中心服务" not in err.hint


def test_approvals_dashboard_asks_the_centre_for_the_beijing_day(app_home, monkeypatch, capsys):
    """Without --date the centre is asked for today in Beijing (was: the machine's date)."""
    from datetime import date

    from counter_app.cli import approvals
    from counter_app.workflows import case_queries

    info = UserInfo(username="sup01", display_name="科长", roles=["supervisor"], office_code="FT", approval_level=1)
    monkeypatch.setattr(approvals, "_signed_in", lambda store, settings, *roles: (_auth(), info, True))
    monkeypatch.setattr(case_queries, "beijing_today", lambda: date(2026, 12, 4))
    asked: list[str] = []
    real = client_module.CentralClient

    def made(url, **kw):
        def answer(request: httpx.Request) -> httpx.Response:
            asked.append(request.url.params.get("day", ""))
            return httpx.Response(503, json={"detail": "中心服务繁忙"})
        return real(url, transport=httpx.MockTransport(answer), **kw)

    monkeypatch.setattr(client_module, "CentralClient", made)
    code, out, _ = _run(["approvals", "dashboard", "--json"], capsys)
    assert code == 0 and json.loads(out)["day"] == "2026-12-04"
    assert asked and set(asked) == {"2026-12-04"}, asked
