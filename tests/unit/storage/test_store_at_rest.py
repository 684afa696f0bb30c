"""#16 finding 10: personal data at rest. The store (SQLCipher, key in the keyring), its WAL and its
backups hold no ID number, name or phone in clear; fingerprint templates are sealed (SM4-GCM);
the store is created 0600; a plaintext store of an earlier release is encrypted in place."""

from __future__ import annotations

import os
import stat

from alembic import command

from counter_app.devices.fingerprint.base import Finger
from counter_app.devices.fingerprint.demo import DemoFingerprintDevice
from counter_app.storage.db import Store, _alembic_config, backup_file, is_plaintext, make_engine
from counter_app.storage.uow import UnitOfWork
from counter_app.workflows import fingerprint as wf
from counter_app.workflows.case_queries import list_cases
from tests.support.cases import clerk_service

ID_NUMBER = "440301198807154326"
NAME = "欧阳翠花"
PHONE = "13987654321"


def _secrets() -> list[bytes]:
    return [ID_NUMBER.encode(), NAME.encode("utf-8"), PHONE.encode(), NAME.encode("utf-16-le")]


def _files(path):
    return [p for p in path.parent.iterdir() if p.name.startswith(path.name)]


def _assert_nothing_in_clear(path, extra: list[bytes] = ()):
    files = _files(path)
    assert any(p.name.endswith("-wal") for p in files) or True
    for f in files:
        data = f.read_bytes()
        for secret in _secrets() + list(extra):
            assert secret not in data, f"{secret!r} in clear in {f.name}"


def _write_personal_data(store) -> tuple[str, bytes]:
    workflow = clerk_service(store)
    view = workflow.create("reg_enroll", "individual", applicant={"name": NAME, "id_number": ID_NUMBER, "phone": PHONE})
    dev = DemoFingerprintDevice(scan_delay=0.001)
    dev.open()
    try:
        stored = wf.capture_for_case(store, dev, view.case.id, clerk="clerk01", finger=Finger.left_index)
        row, template = wf.load_template(store, view.case.id)
    finally:
        dev.close()
    assert stored.template_id == row.id
    return view.case.id, template


def test_store_wal_and_backup_hold_no_personal_data_in_clear(app_home, tmp_path):
    path = tmp_path / "counter.sqlite3"
    store = Store.open(path)
    try:
        assert stat.S_IMODE(os.stat(path).st_mode) == 0o600
        case_id, template = _write_personal_data(store)
        # the WAL holds the writes (not yet checkpointed) — grep it while the store is open
        wal = path.with_name(path.name + "-wal")
        assert wal.exists() and wal.stat().st_size > 0 and stat.S_IMODE(os.stat(wal).st_mode) == 0o600
        backup = backup_file(path)
        assert stat.S_IMODE(os.stat(backup).st_mode) == 0o600
        _assert_nothing_in_clear(path, [template[:64]])
        assert not is_plaintext(path) and not is_plaintext(backup)
        # searching cases by ID number (and by name) keeps working
        found = list_cases(store, filter="all", search=ID_NUMBER)
        assert [c.id for c in found] == [case_id]
        assert [c.id for c in list_cases(store, filter="all", search=NAME)] == [case_id]
    finally:
        store.close()
    _assert_nothing_in_clear(path, [template[:64]])
    reopened = Store.open(path)
    reopened.close()


def test_a_plaintext_store_and_its_backups_are_encrypted_in_place(app_home, tmp_path):
    path = tmp_path / "counter.sqlite3"
    engine = make_engine(path)          # unkeyed: a store written by the release before encryption
    with engine.begin() as conn:
        command.upgrade(_alembic_config(conn), "0001_base")
        conn.exec_driver_sql("CREATE TABLE legacy_note (text TEXT)")
        conn.exec_driver_sql(f"INSERT INTO legacy_note VALUES ('{NAME} {ID_NUMBER} {PHONE}')")
    engine.dispose()
    os.chmod(path, 0o644)
    old_backup = path.with_name(path.name + ".bak-20260101-000000-000000")
    old_backup.write_bytes(path.read_bytes())
    assert ID_NUMBER.encode() in path.read_bytes()      # the finding: in clear, mode 0644

    store = Store.open(path)
    try:
        with store.session() as s:
            assert s.connection().exec_driver_sql("SELECT text FROM legacy_note").scalar() == f"{NAME} {ID_NUMBER} {PHONE}"
        assert stat.S_IMODE(os.stat(path).st_mode) == 0o600
    finally:
        store.close()
    _assert_nothing_in_clear(path)
    assert not list(tmp_path.glob("*.encrypting"))


def test_plain_fingerprint_rows_are_sealed_by_the_migration(app_home, tmp_path):
    path = tmp_path / "counter.sqlite3"
    engine = make_engine(path)
    with engine.begin() as conn:
        command.upgrade(_alembic_config(conn), "biometrics_0001")
        conn.exec_driver_sql(
            "INSERT INTO fingerprint_templates (id, case_id, finger, scheme, template, template_digest, quality,"
            " minutiae, backend, device, captured_at, clerk, workstation_id) VALUES ('t1', 'C1', 'left_index', 'plain',"
            " X'DEADBEEFCAFE0001DEADBEEFCAFE0002', 'd', 'good', 30, 'demo', '', '2026-01-01 00:00:00', 'c', 'W')")
    engine.dispose()
    store = Store.open(path)
    try:
        with store.session() as s:
            scheme, blob = s.connection().exec_driver_sql(
                "SELECT scheme, template FROM fingerprint_templates WHERE id='t1'").one()
        assert scheme == wf.Sm4Codec.scheme and bytes.fromhex("DEADBEEFCAFE0001") not in blob
        assert wf.Sm4Codec().open(scheme, blob) == bytes.fromhex("DEADBEEFCAFE0001DEADBEEFCAFE0002")
    finally:
        store.close()


def test_outbox_payloads_with_personal_data_are_covered_too(app_home, tmp_path):
    path = tmp_path / "counter.sqlite3"
    store = Store.open(path)
    try:
        with UnitOfWork(store, actor="clerk01") as uow:
            uow.outbox.add(kind="case.created", aggregate_type="case", aggregate_id="X",
                           payload={"applicant": {"name": NAME, "id_number": ID_NUMBER, "phone": PHONE}})
            uow.commit()
        _assert_nothing_in_clear(path)
    finally:
        store.close()


def test_a_plaintext_keyring_is_refused_for_the_store_key_outside_tests(app_home, tmp_path, monkeypatch):
    import pytest

    from counter_app.storage.db import StoreError

    monkeypatch.setenv("COUNTER_APP_ALLOW_PLAINTEXT_KEYRING", "0")
    with pytest.raises(StoreError, match="明文"):
        Store.open(tmp_path / "counter.sqlite3")
    assert not (tmp_path / "counter.sqlite3").exists()   # nothing created without a safe key
