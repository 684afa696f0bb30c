"""Every Chinese message for a file that cannot be read (or written): the command lines'
``file_problem``, the service catalog's and the policy parameters' — pinned word for word, so the
one classifier they share (counter_protocol.file_problems) says exactly what each said before."""

from __future__ import annotations

import json
import os

import pytest

from counter_app.domain.catalog import CatalogError
from counter_app.reference.catalog import load_catalog
from counter_app.reference.params import ParameterFileError, read_params_file
from counter_protocol.cli_args import file_problem as centre_file_problem
from counter_app.cli._common import file_problem

root_can_read_anything = os.geteuid() == 0 if hasattr(os, "geteuid") else False


@pytest.fixture
def bad(tmp_path):
    """name -> a path that fails to be read in that way."""
    (tmp_path / "adir").mkdir()
    (tmp_path / "afile").write_text("x", encoding="utf-8")
    (tmp_path / "garbage.bin").write_bytes(bytes([0xC4, 0xFF, 0x00, 0x81]) * 8)
    (tmp_path / "broken.json").write_text('{"a": 1,\n  "b": }\n', encoding="utf-8")
    (tmp_path / "broken.toml").write_text('version = "1"\nx = = 2\n', encoding="utf-8")
    (tmp_path / "unterminated.toml").write_text('version = "1', encoding="utf-8")
    locked = tmp_path / "locked.txt"
    locked.write_text("{}", encoding="utf-8")
    locked.chmod(0)
    return {"missing": tmp_path / "nope.json", "dir": tmp_path / "adir", "not_dir": tmp_path / "afile" / "x.json",
            "garbage": tmp_path / "garbage.bin", "json": tmp_path / "broken.json", "toml": tmp_path / "broken.toml",
            "toml_at_end": tmp_path / "unterminated.toml", "locked": locked}


def _error(fn, path, expected=Exception):
    with pytest.raises(expected) as caught:
        fn(path)
    return caught.value


def _read_json(path):
    return json.loads(path.read_text(encoding="utf-8"))


def _read_toml(path):
    import tomllib

    with open(path, "rb") as fh:
        return tomllib.load(fh)


def test_command_line_file_problem_messages(bad):
    said = {name: file_problem(_error(_read_json, path)) for name, path in bad.items()
            if name not in ("toml", "toml_at_end", "locked")}
    assert said == {"missing": "文件不存在", "dir": "这是一个目录，不是文件", "not_dir": "路径中有一段不是目录",
                    "garbage": "不是 UTF-8 编码的文本", "json": "不是有效的 JSON（第 2 行第 8 列）"}
    # a TOML syntax error is placed as a JSON one is (was: only "读取出错")
    assert file_problem(_error(_read_toml, bad["toml"])) == "不是有效的 TOML（第 2 行第 5 列）"
    assert file_problem(_error(_read_toml, bad["toml_at_end"])) == "不是有效的 TOML"     # no line named: none made up
    assert file_problem(FileNotFoundError(), writing=True) == "所在目录不存在"
    assert file_problem(PermissionError()) == "没有读取权限"
    assert file_problem(PermissionError(), writing=True) == "没有写入权限"
    assert file_problem(OSError(28, "No space left on device"), writing=True) == "写入出错（磁盘已满或路径不可用）"
    assert file_problem(OSError(5, "I/O error")) == "读取出错"
    assert file_problem(IsADirectoryError(), writing=True) == "这是一个目录，不是文件"
    assert centre_file_problem is file_problem          # counter-central says the same


def test_catalog_file_messages(bad):
    def said(name):
        return str(_error(load_catalog, bad[name], CatalogError))

    p = bad
    assert said("missing") == f"服务事项目录文件不存在：{p['missing']}"
    assert said("dir") == f"服务事项目录应为文件，{p['dir']} 是一个目录"
    assert said("not_dir") == f"无法读取服务事项目录文件：{p['not_dir']}"
    assert said("garbage") == f"服务事项目录文件不是 UTF-8 编码的 JSON：{p['garbage']}"
    assert said("json") == f"服务事项目录文件格式错误：{p['json']} 第 2 行第 8 列不是有效的 JSON"
    if not root_can_read_anything:
        assert said("locked") == f"无法读取服务事项目录文件：{p['locked']}"


def test_params_file_messages(bad):
    def said(name):
        return str(_error(read_params_file, bad[name], ParameterFileError))

    p = bad
    assert said("missing") == f"政策参数文件不存在：{p['missing']}"
    assert said("dir") == f"政策参数文件应为文件，{p['dir']} 是一个目录"
    assert said("not_dir") == f"无法读取政策参数文件：{p['not_dir']}"
    assert said("garbage") == f"政策参数文件不是 UTF-8 编码的 TOML 文本：{p['garbage']}"
    assert said("toml") == f"政策参数文件格式错误（不是有效的 TOML，第2行第5列）：{p['toml']}"
    assert said("toml_at_end") == f"政策参数文件格式错误（不是有效的 TOML）：{p['toml_at_end']}"   # no line to name
    if not root_can_read_anything:
        assert said("locked") == f"没有权限读取政策参数文件：{p['locked']}"


def test_a_permission_problem_is_said_per_reader(monkeypatch, tmp_path):
    """Also as root (who reads any file): a PermissionError raised by the read."""
    from pathlib import Path

    path = tmp_path / "x"

    def refuse(*a, **k):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(Path, "read_text", refuse)
    assert str(_error(load_catalog, path, CatalogError)) == f"无法读取服务事项目录文件：{path}"
    monkeypatch.setattr("builtins.open", refuse)
    assert str(_error(read_params_file, path, ParameterFileError)) == f"没有权限读取政策参数文件：{path}"
