import json

from counter_app.cli.main import main


def test_config_init_check_show_round_trip(app_home, capsys):
    assert main(["config", "check", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["exists"] is False
    assert main(["config", "init"]) == 0
    assert main(["config", "init"]) == 1  # never overwrites without --force
    capsys.readouterr()
    assert main(["config", "show", "--json"]) == 0
    shown = json.loads(capsys.readouterr().out)
    assert shown["settings"]["office"]["name"] == "福田分局"


def test_config_check_names_each_bad_key(app_home, capsys):
    from counter_app.paths import app_paths

    path = app_paths().ensure().config_file
    path.write_text("[office]\nwindow_number = 0\n[card]\nbackend = 'usb'\n", encoding="utf-8")
    assert main(["config", "check", "--json"]) == 1
    report = json.loads(capsys.readouterr().out)
    assert report["valid"] is False
    assert {p["key"] for p in report["problems"]} == {"office.window_number", "card.backend"}
    assert main(["config", "check"]) == 1
    assert "office.window_number" in capsys.readouterr().out


def test_every_listed_command_exists():
    from counter_app.cli.main import COMMAND_MODULES, build_parser

    parser = build_parser()
    choices = parser._subparsers._group_actions[0].choices
    for name in COMMAND_MODULES:
        assert name in choices or any(n.startswith(name) for n in choices), name


def test_config_show_json_on_a_bad_file_is_json(app_home, capsys):
    """IT review: ``config show --json`` printed the problem as plain text on stdout."""
    from counter_app.paths import app_paths

    app_paths().ensure().config_file.write_text("[printer]\ncopies = 'two'\n", encoding="utf-8")
    assert main(["config", "show", "--json"]) == 1
    report = json.loads(capsys.readouterr().out)
    assert report["valid"] is False and "有误" in report["error"]
    assert [p["key"] for p in report["problems"]] == ["printer.copies"]


def test_a_bad_central_url_variable_is_named_not_blamed_on_the_file(app_home, monkeypatch, capsys):
    """IT review: a bad COUNTER_APP_CENTRAL_URL was reported as 配置文件 … 有误 / central.url, sending
    the IT staff to a config file that is fine."""
    from counter_app.paths import app_paths

    app_paths().ensure().config_file.write_text("[central]\nurl = 'https://centre.example:8443'\n", encoding="utf-8")
    monkeypatch.setenv("COUNTER_APP_CENTRAL_URL", "not a url")
    assert main(["config", "check", "--json"]) == 1
    report = json.loads(capsys.readouterr().out)
    assert [p["key"] for p in report["problems"]] == ["环境变量 COUNTER_APP_CENTRAL_URL（代替配置项 central.url）"]
    assert main(["config", "check"]) == 1
    out = capsys.readouterr().out
    assert "配置文件" not in out and "COUNTER_APP_CENTRAL_URL" in out


def test_a_centre_url_with_the_api_path_is_refused_naming_the_address_to_give(app_home, monkeypatch, capsys):
    """IT staff report (item 6): ``[central] url = http://…:18766/api/v1`` — what the docs' ``curl
    …/api/v1/health`` suggests — passed ``config check``, then every request went to /api/v1/api/v1/…
    and login said only 中心服务没有这个接口. The API's path is the client's to add: refused, naming
    the address without it. A path of a reverse proxy before it stays allowed."""
    from counter_app.paths import app_paths

    path = app_paths().ensure().config_file
    for url, address in (("http://centre.example:18766/api/v1", "http://centre.example:18766"),
                         ("https://centre.example/counter/api/v1/", "https://centre.example/counter"),
                         ("http://centre.example:18766/api/v1/health", "http://centre.example:18766")):
        path.write_text(f"[central]\nurl = '{url}'\n", encoding="utf-8")
        assert main(["config", "check", "--json"]) == 1
        [problem] = json.loads(capsys.readouterr().out)["problems"]
        assert problem["key"] == "central.url", problem
        assert "不带接口路径" in problem["problem"] and f"请改为 {address}（" in problem["problem"], problem
    path.write_text("[central]\nurl = 'https://centre.example/counter'\n", encoding="utf-8")
    assert main(["config", "check", "--json"]) == 0
    capsys.readouterr()
    monkeypatch.setenv("COUNTER_APP_CENTRAL_URL", "http://127.0.0.1:18766/api/v1")
    assert main(["config", "check"]) == 1
    out = capsys.readouterr().out
    assert "COUNTER_APP_CENTRAL_URL" in out and "请改为 http://127.0.0.1:18766（" in out, out
