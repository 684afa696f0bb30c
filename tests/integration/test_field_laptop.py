"""The field laptop end to end against the centre on PostgreSQL: roster pull (sealed at rest: the
store, its WAL and backups hold no ID number or name in clear), visits by two staff with the
virtual libfprint device (match / no match) and the still-image camera, a week of 200 visits
queued offline then synced exactly once (a replay duplicates nothing), a tampered visit detected
at the laptop and refused by the centre, and assignments wiped once their visit has synced."""

from __future__ import annotations

import base64
import json
import uuid
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest
from sqlalchemy import create_engine, func, select, text
from sqlalchemy.orm import Session

from counter_app.workflows import field
from counter_protocol import field as fp
from tests.support.central import login_client, start_central

# the consent notice read and agreed to before the fingerprint / photo (PIPL Art. 28/29)
CONSENTED = datetime.now(timezone.utc)

pytestmark = pytest.mark.integration

NS_USERS = {"fieldns1": "fieldns1-demo", "fieldns2": "fieldns2-demo"}
PNG = base64.b64decode("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==")


@pytest.fixture(scope="module")
def centre(postgres_instance, tmp_path_factory):
    """A centre of its own on PostgreSQL, with two field users and 200 lapsed pensioners in 南山 (NS)."""
    db_url = postgres_instance.create_database(f"field_{uuid.uuid4().hex[:8]}")
    central = start_central(db_url, tmp_path_factory.mktemp("central-field"))
    from counter_central import core
    from counter_central.db import User, utcnow
    from counter_central.registry import import_records
    from counter_protocol.identifiers import id_check_char

    engine = create_engine(db_url)
    with Session(engine) as s:
        for name, pw in NS_USERS.items():
            s.add(User(username=name, display_name=name, password_hash=core.hash_password(pw), roles="field",
                       office_code="NS", active=True, created_at=utcnow()))
        s.commit()
        lines = []
        for n in range(200):
            first17 = f"440305{1930 + n % 20}0{1 + n % 9}1{n % 10}{n:03d}"[:17]
            lines.append(json.dumps({"kind": "person", "id_number": first17 + id_check_char(first17), "name": f"南山{n:03d}",
                                     "sex": "male", "birth": f"{1930 + n % 20}-0{1 + n % 9}-1{n % 10}", "status": "retired",
                                     "office": "NS", "last_certified": "2024-05-15", "address": f"南山区某路 {n} 号",
                                     "phone": "13800000000",      # a registry photo: the staff compare it on site
                                     "photo": base64.b64encode(PNG).decode()}, ensure_ascii=False))
        report = import_records(s, lines)
        assert report.ok, report.problems
    central.engine = engine
    yield central
    engine.dispose()
    central.stop()


def _ns_client(url: str, user: str = "fieldns1", ws: str | None = None):
    from counter_app.sync.client import CentralClient, StaticToken

    ws = ws or f"L-{uuid.uuid4().hex[:10]}"
    client = CentralClient(url, timeout=10)
    pair = client.login(user, NS_USERS[user], ws)
    client.tokens = StaticToken(pair.access_token)
    client.workstation_id = ws
    return client


def _staff():
    return [field.Staff("fieldns1"), field.Staff("fieldns2", mode="online")]


def _files_hold(folder: Path, needles: list[bytes]) -> list[str]:
    hits = []
    for path in folder.rglob("*"):
        if path.is_file():
            data = path.read_bytes()
            hits += [f"{path.name}: {n!r}" for n in needles if n in data]
    return hits


def test_roster_pull_is_sealed_at_rest_and_listed_masked(centre, store, tmp_path):
    client = login_client(centre.url, "field01")
    try:
        result = field.pull(store, client, user="field01", workstation_id=client.workstation_id, office_code="FT")
    finally:
        client.close()
    assert result.office_code == "FT" and result.total >= 3
    items = field.roster(store, user="field01")
    assert [a.valid_until for a in items if a.valid_until] == sorted(a.valid_until for a in items if a.valid_until)
    person = next(a for a in items if a.name == "周德明")
    assert person.address and person.last_certified and person.expires
    masked = person.as_dict(masked=True)
    assert person.id_number not in json.dumps(masked, ensure_ascii=False) and "*" in masked["id_number"]
    # nothing readable on disk: the store file, its WAL and a backup taken with the roster in it
    from counter_app.storage.db import backup_file

    backup = backup_file(store.path)
    needles = [person.id_number.encode(), person.name.encode("utf-8"), person.address.encode("utf-8")]
    files = {p.name for p in tmp_path.glob("counter.sqlite3*")}
    assert "counter.sqlite3" in files and "counter.sqlite3-wal" in files and backup.name in files
    assert _files_hold(tmp_path, needles) == []
    # and not even inside the SQLCipher store: the assignment row is sealed
    with store.session() as s:
        raw = s.execute(text("SELECT key, sealed FROM field_assignments")).all()
    assert raw and all(person.id_number.encode() not in r.sealed and person.id_number not in r.key for r in raw)
    # the roster's validity ends: every unvisited assignment is wiped from the laptop
    assert field.wipe(store, now=result.expires_at - timedelta(minutes=1)) == 0
    assert field.wipe(store, now=result.expires_at + timedelta(seconds=1)) == len(raw)
    assert field.roster(store, user="field01") == []


def _read_card(virtual_card, id_number: str, name: str) -> str:
    """Insert an emulated social security card for ``id_number`` and read its chip (PC/SC)."""
    from counter_app.devices.card.pcsc import PcscCardReader
    from tests.support.card_emulator import CardProfile
    from tests.support.pcsc import VPCD_READER

    virtual_card.insert(CardProfile(social_security_number=id_number, name=name, sex_code="1"))
    reader = PcscCardReader(VPCD_READER)
    try:
        return reader.read().social_security_number
    finally:
        reader.close()
        virtual_card.remove()


def test_visit_with_fingerprint_match_and_no_match(centre, store, fprint_device, virtual_card, tmp_path):
    from counter_app.devices.camera.directory import DirectoryCamera
    from counter_app.devices.fingerprint.base import Finger
    from counter_central.db import RegistryPerson
    from counter_central.registry import import_records
    from counter_protocol.identifiers import id_check_char

    dev, feeder = fprint_device
    feeder.script(["whorl"] * 5)
    enrolled = dev.enroll(Finger.right_index, timeout=10)
    first17 = "44030519400101" + uuid.uuid4().hex[:3].translate(str.maketrans("abcdef", "123456"))
    id_number = first17 + id_check_char(first17)
    with Session(centre.engine) as s:
        report = import_records(s, [json.dumps({
            "kind": "person", "id_number": id_number, "name": "指纹测试", "sex": "male", "birth": "1940-01-01",
            "status": "retired", "office": "NS", "last_certified": None, "address": "南山区测试路 1 号",
            "fingerprint_template": base64.b64encode(enrolled.template).decode(),
            "photo": base64.b64encode(PNG).decode()}, ensure_ascii=False)])
        assert report.ok, report.problems
    client = _ns_client(centre.url)
    try:
        field.pull(store, client, user="fieldns1", workstation_id=client.workstation_id, office_code="NS")
        a = next(x for x in field.roster(store, user="fieldns1") if x.id_number == id_number)
        assert a.has_template and a.has_photo and field.photo_of(store, a.key) == PNG
        feeder.script(["tented_arch"])
        assert field.verify_fingerprint(store, a.key, dev, timeout=10) is False
        shots = tmp_path / "camera"
        shots.mkdir()
        (shots / "visit.png").write_bytes(PNG)
        photo = DirectoryCamera(str(shots)).capture()
        no_match = field.Evidence(card_id_number=id_number, fingerprint="not_matched", photo=photo,
                                  signature=PNG, signature_method="screen", consent_at=CONSENTED)
        with pytest.raises(field.FieldError, match="指纹比对不一致"):
            field.record_visit(store, a.key, staff=_staff(), workstation_id=client.workstation_id, result="eligible",
                               address_confirmed=True, evidence=no_match)
        with pytest.raises(field.FieldError, match="不同的人"):
            field.record_visit(store, a.key, staff=[field.Staff("fieldns1"), field.Staff("fieldns1")],
                               workstation_id=client.workstation_id, result="eligible", address_confirmed=True)
        someone_else = _read_card(virtual_card, "11010519491231002X", "王龑")
        with pytest.raises(field.FieldError, match="卡与名单"):
            field.record_visit(store, a.key, staff=_staff(), workstation_id=client.workstation_id, result="eligible",
                               address_confirmed=True, evidence=field.Evidence(card_id_number=someone_else))
        chip = _read_card(virtual_card, id_number, "指纹测试")
        assert chip == id_number
        feeder.script(["whorl"])
        assert field.verify_fingerprint(store, a.key, dev, timeout=10) is True
        ok = field.Evidence(card_id_number=chip, fingerprint="matched", photo=photo, signature=PNG,
                            signature_method="screen", consent_at=CONSENTED)
        visit = field.record_visit(store, a.key, staff=_staff(), workstation_id=client.workstation_id,
                                   result="eligible", address_confirmed=True, evidence=ok)
        assert [v["state"] for v in field.visits(store, workstation_id=client.workstation_id)] == ["queued"]
        # the 待同步 tab's details of the entry: ID masked, photo and signature not shown
        from counter_app.storage.tables_core import OutboxEntry
        from counter_app.workflows.case_queries import outbox_entry_details

        with store.session() as s:
            seq = s.scalars(select(OutboxEntry.seq).where(OutboxEntry.id == visit["entry_id"])).one()
        from counter_app.workflows.case_queries import OmittedImage

        fields = dict(outbox_entry_details(store, seq)["fields"])
        shown = json.dumps(list(fields.items()), ensure_ascii=False)
        assert id_number not in shown and base64.b64encode(PNG).decode() not in shown
        assert isinstance(fields["visit", "signature", "png"], OmittedImage)    # worded by the UI: （图像，约 N 字节，不显示）
        from counter_app.sync.worker import SyncWorker

        report = SyncWorker(store, client, workstation_id=client.workstation_id).run_once(pull=False)
        assert report.synced == 1, report
    finally:
        client.close()
    assert field.visits(store, workstation_id=client.workstation_id, state="synced")[0]["visit_id"] == visit["visit_id"]
    assert all(x.id_number != id_number for x in field.roster(store, user="fieldns1", include_visited=True))  # wiped
    with Session(centre.engine) as s:
        rec = json.loads(s.get(RegistryPerson, id_number).record)
    assert rec["last_certified"] == (datetime.now(timezone.utc) + timedelta(hours=8)).date().isoformat()


def _pulled_days_ago(centre, ws: str, days: int) -> None:
    """The centre's record of the laptop's roster pull moved ``days`` back (the centre refuses a
    visit dated before the roster it was made from)."""
    from sqlalchemy import update

    from counter_central.db import FieldRosterPull

    with Session(centre.engine) as s:
        s.execute(update(FieldRosterPull).where(FieldRosterPull.workstation_id == ws)
                  .values(generated_at=FieldRosterPull.generated_at - timedelta(days=days)))
        s.commit()


def test_a_week_offline_200_visits_sync_once_and_a_replay_duplicates_nothing(centre, store, monkeypatch):
    from counter_app.storage.tables_core import OutboxEntry
    from counter_app.sync.worker import SyncWorker
    from counter_central.db import FieldVisit, ReceivedEntry
    from counter_protocol import sync as p

    client = _ns_client(centre.url, ws=f"L-{uuid.uuid4().hex[:10]}")
    ws = client.workstation_id
    try:
        start = datetime.now(timezone.utc) - timedelta(days=7)
        with monkeypatch.context() as m:     # pulled before the week's visits (a visit before the pull is refused)
            m.setattr(field, "utcnow", lambda: (start - timedelta(hours=1)).replace(tzinfo=None))
            field.pull(store, client, user="fieldns1", workstation_id=ws, office_code="NS", days=0)
        items = [a for a in field.roster(store, user="fieldns1") if a.name.startswith("南山")]
        assert len(items) == 200
        _pulled_days_ago(centre, ws, 8)      # the week offline began after the pull: visits are dated within it
        results = ["eligible", "not_found", "moved_away", "refused", "other", "eligible", "eligible"]
        for n, a in enumerate(items):        # offline: nothing but the local store is touched
            result = results[n % len(results)]
            ev = field.Evidence(card_id_number=a.id_number, fingerprint="no_template", photo_compared=True, photo=PNG,
                                signature=PNG, signature_method="pad", consent_at=CONSENTED) if result == "eligible" else field.Evidence()
            field.record_visit(store, a.key, staff=_staff(), workstation_id=ws, result=result, address_confirmed=True,
                               note="家属代述" if result == "other" else "", evidence=ev,
                               visited_at=start + timedelta(minutes=45 * n))
        assert len(field.visits(store, workstation_id=ws, state="queued")) == 200
        report = SyncWorker(store, client, workstation_id=ws, batch_size=50).run_once(pull=False)
        assert report.synced == 200 and report.rejected == 0, report
        ids = [v["visit_id"] for v in field.visits(store, workstation_id=ws, state="synced")]
        assert len(ids) == 200
        with Session(centre.engine) as s:
            assert s.scalar(select(func.count()).select_from(FieldVisit).where(FieldVisit.workstation_id == ws)) == 200
        # replay: the same entries again (the answer was lost) → duplicates, nothing new stored
        with store.session() as s:
            rows = list(s.scalars(select(OutboxEntry).where(OutboxEntry.aggregate_type == fp.AGGREGATE,
                                                            OutboxEntry.workstation_id == ws)))
        from counter_app.sync.outbox import OutboxRepository

        repo = OutboxRepository(store)
        again = client.push(p.PushRequest(workstation_id=ws, entries=[repo.as_item(r) for r in rows[:100]]))
        assert {r.status for r in again.results} == {"duplicate"}
        # the same visit under a new key (a re-keyed entry) is accepted but stored once
        item = repo.as_item(rows[0]).model_copy(update={"id": str(uuid.uuid4())})
        assert client.push(p.PushRequest(workstation_id=ws, entries=[item])).results[0].status == "accepted"
        with Session(centre.engine) as s:
            assert s.scalar(select(func.count()).select_from(FieldVisit).where(FieldVisit.workstation_id == ws)) == 200
            assert s.scalar(select(func.count()).select_from(ReceivedEntry).where(ReceivedEntry.workstation_id == ws)) == 201
    finally:
        client.close()
    assert field.roster(store, user="fieldns1", include_visited=True) == [] or all(
        not a.name.startswith("南山") for a in field.roster(store, user="fieldns1", include_visited=True))


def test_tampered_visit_is_shown_at_the_laptop_and_refused_by_the_centre(centre, store):
    from counter_app.sync.worker import SyncWorker
    from counter_central.db import FieldVisit
    from counter_protocol.canonical import canonical_json, payload_digest

    client = _ns_client(centre.url, "fieldns2")
    ws = client.workstation_id
    try:
        field.pull(store, client, user="fieldns2", workstation_id=ws, office_code="NS")
        a = field.roster(store, user="fieldns2")[0]
        v = field.record_visit(store, a.key, staff=[field.Staff("fieldns2"), field.Staff("fieldns1")], workstation_id=ws,
                               result="deceased", address_confirmed=True, note="邻居告知")
        # someone edits the queued record in the store: deceased → eligible, outbox digest fixed up
        with store.new_session() as s:
            payload = json.loads(s.execute(text("SELECT payload FROM outbox WHERE id = :i"), {"i": v["entry_id"]}).scalar())
            payload["visit"]["result"] = "eligible"
            body = canonical_json(payload)
            s.execute(text("UPDATE outbox SET payload = :p, payload_digest = :d WHERE id = :i"),
                      {"p": body, "d": payload_digest(body), "i": v["entry_id"]})
            s.commit()
        listed = field.visits(store, workstation_id=ws)
        assert [x["state"] for x in listed] == ["tampered"]
        assert field.visits(store, workstation_id=ws, state="tampered")[0]["visit_id"] == v["visit_id"]
        report = SyncWorker(store, client, workstation_id=ws).run_once(pull=False)
        assert report.rejected == 1 and report.synced == 0
    finally:
        client.close()
    with Session(centre.engine) as s:
        assert s.get(FieldVisit, v["visit_id"]) is None


def test_headless_field_commands(tmp_path, centre):
    """counter-central field request; counter-app field pull / roster [--days] [--json] / visits [--state] [--json]."""

    from tests.support.cli import run_cli
    from tests.support.store_files import keyring_at

    home = tmp_path / "home"
    (home / "config").mkdir(parents=True)
    (home / "config" / "config.toml").write_text(
        f'[central]\nurl = "{centre.url}"\n[office]\nworkstation_id = "FL-{uuid.uuid4().hex[:8]}"\nmode = "field"\n',
        encoding="utf-8")
    # a clerk's request at the centre for 王秀英 (valid, so only on the roster because requested)
    r = run_cli(home, "field", "request", "440305195805201364", "--office", "FT", "--reason", "行动不便", "--db", centre.db_url,
            "--json", module="counter_central", centre=centre)
    assert r.returncode == 0, r.stderr
    assert json.loads(r.stdout)["state"] == "open"
    bad = run_cli(home, "field", "request", "440305195805201365", "--office", "FT", "--db", centre.db_url, module="counter_central", centre=centre)
    assert bad.returncode == 2 and "证件号码无效" in bad.stderr and "195805201365" not in bad.stderr
    r = run_cli(home, "field", "pull", "--json")
    assert r.returncode == 3 and "登录" in json.loads(r.stdout)["error"]
    r = run_cli(home, "login", "field01", "--password-stdin", "--json", stdin="field01-demo\n")
    assert r.returncode == 0, r.stderr
    r = run_cli(home, "field", "pull")
    assert r.returncode == 0, r.stderr
    assert "已拉取 FT 分局" in r.stdout
    full = json.loads(run_cli(home, "field", "roster", "--unmasked", "--json").stdout)
    names = {e["name"]: e for e in full}
    assert {"王秀英", "周德明", "陈桂兰"} <= set(names)
    assert names["王秀英"]["reason"] == "requested" and names["王秀英"]["id_number"] == "440305195805201364"
    assert all("last_certified" in e and "expires" in e for e in full)
    human = run_cli(home, "field", "roster")
    assert human.returncode == 0 and "440305195805201364" not in human.stdout and "440305********1364" in human.stdout
    assert "王秀英" not in human.stdout and "王**" in human.stdout
    soon = json.loads(run_cli(home, "field", "roster", "--days", "0", "--unmasked", "--json").stdout)
    assert "王秀英" in {e["name"] for e in soon} and "陈桂兰" not in {e["name"] for e in soon}  # due later, not lapsed
    r = run_cli(home, "field", "visits", "--json")
    assert r.returncode == 0 and json.loads(r.stdout) == []
    with keyring_at(home / "xdg"):
        from counter_app.storage.db import Store

        store = Store.open(home / "data" / "counter.sqlite3")
        try:
            key = names["周德明"]["key"]
            cfg = (home / "config" / "config.toml").read_text()
            ws = cfg.split('workstation_id = "')[1].split('"')[0]
            field.record_visit(store, key, staff=[field.Staff("field01"), field.Staff("field02")], workstation_id=ws,
                               result="moved_away", address_confirmed=True, note="已迁往外省")
        finally:
            store.close()
    queued = json.loads(run_cli(home, "field", "visits", "--state", "queued", "--json").stdout)
    assert len(queued) == 1 and queued[0]["result"] == "moved_away" and "*" in queued[0]["id_number"]
    assert json.loads(run_cli(home, "field", "visits", "--state", "synced", "--json").stdout) == []
    r = run_cli(home, "sync", "run", "--json")
    assert r.returncode == 0, r.stdout + r.stderr
    synced = run_cli(home, "field", "visits", "--state", "synced")
    assert synced.returncode == 0 and "已迁出" in synced.stdout and "已同步" in synced.stdout
    assert "周德明" not in {e["name"] for e in json.loads(run_cli(home, "field", "roster", "--unmasked", "--json").stdout)}   # wiped


def test_second_staff_signs_in_for_one_visit_online_then_offline(centre, store):
    """The second staff member authenticates on the laptop for the visit only: online, and with the
    centre unreachable through the offline verifier of an earlier online sign-in; never the same user."""
    from counter_app.sync.auth import AuthManager
    from tests.support.cases import settings_for
    from tests.support.central import FaultProxy

    proxy = FaultProxy(int(centre.url.rsplit(":", 1)[1]))
    try:
        auth = AuthManager(store, settings_for(proxy.url, f"L-{uuid.uuid4().hex[:10]}"))
        auth.login("fieldns1", NS_USERS["fieldns1"])
        with pytest.raises(field.FieldError, match="不同的人"):
            field.second_staff(auth, "fieldns1", "fieldns1", NS_USERS["fieldns1"])
        with pytest.raises(field.FieldError, match="验证未通过"):
            field.second_staff(auth, "fieldns1", "fieldns2", "wrong-password")
        online = field.second_staff(auth, "fieldns1", "fieldns2", NS_USERS["fieldns2"])
        assert (online.username, online.mode) == ("fieldns2", "online")
        assert auth.current_user() == "fieldns1"                 # the field worker stays signed in
        proxy.mode = "down"
        offline = field.second_staff(auth, "fieldns1", "fieldns2", NS_USERS["fieldns2"])
        assert (offline.username, offline.mode) == ("fieldns2", "offline")
        with pytest.raises(field.FieldError, match="验证未通过"):
            field.second_staff(auth, "fieldns1", "fieldns2", "wrong-password")
    finally:
        proxy.close()


def test_a_field_laptop_signs_in_offline_for_as_long_as_its_roster_is_valid(centre, store):
    """After 7 days offline the field worker could not sign in and no second staff member could be
    checked (距上次联网登录已超过 7 天), though the roster and the centre take visits for 14 days. On a
    field laptop a field account signs in offline for the roster's validity while the roster is
    valid; a window counter keeps the 7 days; beyond the roster's validity it is refused too."""
    from counter_app.config import OfficeMode
    from counter_app.sync.auth import AuthManager, LoginError
    from counter_app.storage.base import utcnow
    from tests.support.cases import settings_for
    from tests.support.central import FaultProxy

    proxy = FaultProxy(int(centre.url.rsplit(":", 1)[1]))
    ws = f"L-{uuid.uuid4().hex[:10]}"
    try:
        settings = settings_for(proxy.url, ws)
        settings.office.mode = OfficeMode.field
        auth = AuthManager(store, settings)
        auth.login("fieldns2", NS_USERS["fieldns2"])
        auth.login("fieldns1", NS_USERS["fieldns1"])
        client = _ns_client(proxy.url, "fieldns1", ws)
        try:
            pulled = field.pull(store, client, user="fieldns1", workstation_id=ws, office_code="NS")
        finally:
            client.close()
        assert (pulled.expires_at - utcnow()).days >= 13
        proxy.mode = "down"

        def offline_for(days: int) -> None:
            with store.engine.begin() as c:
                c.execute(text("UPDATE sync_offline_credentials SET last_online_login_at = :t"),
                          {"t": utcnow() - timedelta(days=days)})
            # re-MAC the rows as AuthManager writes them (the laptop's own key)
            from counter_app.storage.tables_sync import OfflineCredential
            from counter_app.sync.auth import _credential_fields
            from counter_app.sync.keystore import mac_key, row_mac

            key = mac_key(auth._service, create=False)
            with store.session() as s:
                for row in s.query(OfflineCredential):
                    row.mac = row_mac(key, *_credential_fields(row))
                s.commit()

        offline_for(8)
        again = auth.login("fieldns1", NS_USERS["fieldns1"])
        assert again.mode == "offline" and again.offline_days_left == 6          # 14 − 8
        second = field.second_staff(auth, "fieldns1", "fieldns2", NS_USERS["fieldns2"])
        assert second.mode == "offline"
        # a window counter keeps its 7 days
        counter = AuthManager(store, settings_for(proxy.url, ws))
        with pytest.raises(LoginError, match="超过 7 天"):
            counter.login("fieldns1", NS_USERS["fieldns1"])
        # and the field laptop no longer than the roster's validity
        offline_for(15)
        with pytest.raises(LoginError, match="超过 14 天"):
            auth.login("fieldns1", NS_USERS["fieldns1"])
        with pytest.raises(field.FieldError, match="过长"):
            field.second_staff(auth, "fieldns1", "fieldns2", NS_USERS["fieldns2"])
    finally:
        proxy.close()


def test_a_revoked_key_stops_the_laptop_wipes_its_roster_and_a_new_key_puts_it_back_to_work(centre, store):
    """After the centre revoked the laptop's key, the laptop kept its roster and kept sealing visits
    that were all refused, with advice to visit again (which cannot succeed). Now the centre's
    answer — on sync or on pull — stops recording, wipes the roster (audited) and names the fix
    (信息技术人员为该笔记本重新生成签名密钥); the new key (workflows.field.new_laptop_key, counter-app
    field new-key, by an administrator) is registered with the next pull once IT allowed it at the
    centre (the revocation ended the laptop's sign-ins and held its new keys), and visits are taken
    again, while the visit sealed with the old key still reads as intact on the laptop."""
    from counter_app.storage import audit
    from counter_app.sync import field_key
    from counter_app.sync.client import RequestRejected
    from counter_app.sync.worker import SyncWorker
    from counter_central.db import User, utcnow
    from counter_central.field import allow_new_key, revoke_key

    client = _ns_client(centre.url, "fieldns1")
    ws = client.workstation_id
    try:
        field.pull(store, client, user="fieldns1", workstation_id=ws, office_code="NS")
        items = field.roster(store, user="fieldns1")
        from counter_app.storage.db import backup_file
        from tests.support.store_files import keyed_connect

        backup = backup_file(store.path)        # a schema upgrade's backup, the roster in it
        first = field.record_visit(store, items[0].key, staff=_staff(), workstation_id=ws, result="not_found",
                                   address_confirmed=True)
        with Session(centre.engine) as s:
            assert revoke_key(s, ws, field_key.current_key_id(ws), "it01")
        # the workstation's sign-ins ended with the key: the field worker signs in again
        client.close()
        client = _ns_client(centre.url, "fieldns1", ws)
        report = SyncWorker(store, client, workstation_id=ws).run_once(pull=False)
        assert report.rejected == 1
        [visit] = field.visits(store, workstation_id=ws)
        assert visit["state"] == "rejected" and visit["reason"] == fp.KEY_REVOKED
        assert "重新生成签名密钥" in fp.KEY_REVOKED_ACTION
        # the laptop took the answer: roster wiped (in the backup beside the store too), no more
        # visits sealed, audited
        assert field.roster(store, user="fieldns1") == []
        conn = keyed_connect(backup)
        try:
            assert conn.execute("SELECT count(*) FROM field_assignments").fetchone() == (0,)
        finally:
            conn.close()
        with pytest.raises(field.FieldError) as refused:
            field.record_visit(store, items[1].key, staff=_staff(), workstation_id=ws, result="not_found",
                               address_confirmed=True)
        assert "重新生成签名密钥" in refused.value.reason
        with store.session() as s:
            actions = [r.action for r in s.scalars(select(audit.AuditRow).where(audit.AuditRow.workstation_id == ws))]
        assert actions.count("field.key_revoked") == 1 and "store.backups_followed" in actions
        # a pull presenting the revoked key is refused with the same words
        with pytest.raises(field.FieldError) as pulled:
            field.pull(store, client, user="fieldns1", workstation_id=ws, office_code="NS")
        assert "重新生成签名密钥" in pulled.value.reason
        # IT makes a new key (a signed-in administrator only): the centre holds it until IT allows it there
        with pytest.raises(field.FieldError, match="只有系统管理岗位的账号可以"):
            field.new_laptop_key(store, user="fieldns1", roles=["field"], workstation_id=ws)
        kid, old, was_revoked = field.new_laptop_key(store, user="itns", roles=["admin"], workstation_id=ws)
        assert kid != old and was_revoked and not field_key.is_revoked(store, ws)
        with pytest.raises(RequestRejected) as held:
            field.pull(store, client, user="fieldns1", workstation_id=ws, office_code="NS")
        assert held.value.reason == fp.NEW_KEY_HELD_CODE and not field_key.is_revoked(store, ws)
        with Session(centre.engine) as s:
            s.add(User(username="itns", display_name="itns", password_hash="x", roles="admin", office_code="NS",
                       active=True, created_at=utcnow()))
            s.commit()
            allow_new_key(s, ws, by="itns", reason="笔记本已找回")
        # the next pull registers it and visits are taken again
        field.pull(store, client, user="fieldns1", workstation_id=ws, office_code="NS")
        again = field.roster(store, user="fieldns1")
        assert again
        field.record_visit(store, again[-1].key, staff=_staff(), workstation_id=ws, result="not_found",
                           address_confirmed=True)
        assert SyncWorker(store, client, workstation_id=ws).run_once(pull=False).synced == 1
        states = {v["visit_id"]: v["state"] for v in field.visits(store, workstation_id=ws)}
        assert states[first["visit_id"]] == "rejected"            # not "tampered": the old key is kept
    finally:
        client.close()
