"""#16 privacy, item 3: the queue export is encrypted to the centre. ``counter-central export-key
show`` makes the key pair once (private key 0600) and prints the public key; ``counter-central
import`` decrypts; a tampered file is refused in Chinese; a clear file of an earlier release still
imports, with a warning."""

from __future__ import annotations

import json
import os

from counter_app.sync.export import export_queue
from counter_app.storage.uow import UnitOfWork
from counter_central.cli import main as central
from counter_protocol.export import open_export

NAME, ID_NUMBER = "欧阳翠花", "440301198807154326"


def _queue(store, n=3):
    for i in range(n):
        with UnitOfWork(store, actor="clerk01") as uow:
            uow.outbox.add(kind="case.note", aggregate_type="case", aggregate_id=f"exp{i}",
                           payload={"i": i, "name": NAME, "id_number": ID_NUMBER})
            uow.commit()


def _clear_v1(plain: bytes) -> bytes:
    import hashlib

    lines = plain.splitlines(keepends=True)
    body = [lines[0].replace(b'"version":2', b'"version":1'), *lines[1:-1]]
    footer = json.loads(lines[-1])
    footer["sha256"] = hashlib.sha256(b"".join(body)).hexdigest()
    return b"".join(body) + (json.dumps(footer) + "\n").encode()


def test_export_key_show_export_and_import(store, tmp_path, app_home, capsys):
    key_file = tmp_path / "centre" / "export-key.pem"
    db = f"sqlite:///{tmp_path / 'central.sqlite3'}"
    assert central(["migrate", "--db", db]) == 0     # an existing centre: a missing file is refused
    capsys.readouterr()
    assert central(["export-key", "show", "--key-file", str(key_file), "--json"]) == 0
    shown = json.loads(capsys.readouterr().out)
    assert shown["created"] and shown["public_key"].startswith("x25519:")
    assert oct(os.stat(key_file).st_mode & 0o777) == "0o600"
    assert central(["export-key", "show", "--key-file", str(key_file), "--json"]) == 0    # the same key again
    again = json.loads(capsys.readouterr().out)
    assert (again["public_key"], again["created"]) == (shown["public_key"], False)

    _queue(store)
    path = tmp_path / "stick" / "queue.jsonl"
    path.parent.mkdir()
    assert export_queue(store, path, "FT-W01", shown["public_key"]) == 3
    raw = path.read_bytes()
    assert NAME.encode() not in raw and ID_NUMBER.encode() not in raw and json.dumps(NAME).strip('"').encode() not in raw

    # tampered: refused in Chinese, nothing imported
    head, body = raw.split(b"\n", 1)
    bad = tmp_path / "bad.jsonl"
    bad.write_bytes(head + b"\n" + body[:20] + (b"A" if body[20:21] != b"A" else b"B") + body[21:])
    assert central(["import", str(bad), "--db", db, "--key-file", str(key_file)]) == 1
    assert "导入失败：文件解密校验失败" in capsys.readouterr().err
    # without the centre's private key: said so
    assert central(["import", str(path), "--db", db, "--key-file", str(tmp_path / "none.pem")]) == 1
    assert "没有导出私钥" in capsys.readouterr().err
    # a private key file others can read is refused
    os.chmod(key_file, 0o644)
    assert central(["import", str(path), "--db", db, "--key-file", str(key_file)]) == 1
    assert "权限过宽" in capsys.readouterr().err
    os.chmod(key_file, 0o600)

    assert central(["import", str(path), "--db", db, "--key-file", str(key_file), "--json"]) == 0
    out = capsys.readouterr()
    assert json.loads(out.out)["accepted"] == 3 and "未加密" not in out.err
    assert central(["import", str(path), "--db", db, "--key-file", str(key_file), "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["duplicate"] == 3
    # each import is a record in the centre's own audit chain: which workstation's file, how many
    assert central(["audit", "list", "--db", db, "--json"]) == 0
    imports = [r for r in json.loads(capsys.readouterr().out) if r["action"] == "queue.import"]
    assert [(r["object_id"], r["detail"].split("：")[1][:4]) for r in imports] == [("FT-W01", "接收 3"), ("FT-W01", "接收 0")]

    # a clear version-1 file of an earlier release still imports, with a warning
    from cryptography.hazmat.primitives import serialization

    private = serialization.load_pem_private_key(key_file.read_bytes(), password=None)
    old = tmp_path / "old.jsonl"
    old.write_bytes(_clear_v1(open_export(raw, private)[0]))
    db2 = f"sqlite:///{tmp_path / 'central2.sqlite3'}"
    assert central(["migrate", "--db", db2]) == 0
    capsys.readouterr()
    assert central(["import", str(old), "--db", db2, "--key-file", str(key_file), "--json"]) == 0
    out = capsys.readouterr()
    assert json.loads(out.out)["accepted"] == 3 and "此文件未加密" in out.err
