"""资格认证 at the window, end to end: the social security card read on the emulated card (pcscd +
vpcd), the record looked up at the real centre (PostgreSQL, demo registry), fingerprint verification
on libfprint's virtual device against the template enrolled at 6.6.1.1.2.3 (match; no match → photo
comparison by the clerk), the 认证结果告知单, and the sync that moves the registry's ``last_certified``."""

from __future__ import annotations

import json
import shutil
import uuid
from datetime import date, datetime

import pytest
from sqlalchemy import select

from counter_app.cli.sync import _one_round
from counter_app.devices.card.pcsc import PcscCardReader
from counter_app.devices.fingerprint.base import Finger
from counter_app.reference.params import load_policy_params
from counter_app.storage.db import Store
from counter_app.storage.tables_core import OutboxEntry
from counter_app.sync.auth import AuthManager
from counter_app.workflows.cases import CaseWorkflow
from counter_app.workflows.certification import CertificationError, WindowCertification, applicant_from_card
from counter_app.workflows.fingerprint import PlainCodec, store_enrollment
from counter_app.workflows.records import RecordService
from tests.support.card_emulator import CardProfile
from tests.support.cases import settings_for
from tests.support.pcsc import VPCD_READER

pytestmark = pytest.mark.integration

RETIRED = "440305195805201364"     # 王秀英: last certified 2026-03-10 (valid through 2027-03-31)
DUE = "440304195611232369"         # 孙桂兰: last certified 2025-12-05 (valid through 2026-12-31)
LAPSED = "440303195207012253"      # 钱国华: last certified 2025-02-18 (lapsed 2026-03-01)
TODAY = datetime(2026, 12, 3, 10, 0)


class Window:
    def __init__(self, template, tmp_path, url):
        self.ws = f"RZ-{uuid.uuid4().hex[:8]}"
        path = tmp_path / f"{self.ws}.sqlite3"
        shutil.copyfile(template, path)
        self.store = Store.open(path)
        self.settings = settings_for(url, self.ws)
        self.auth = AuthManager(self.store, self.settings)
        self.auth.login("clerk01", "clerk01-demo")
        from counter_app.sync.client import CentralClient

        user = self.auth.current_user()
        records = RecordService(self.store, lambda: CentralClient(url, timeout=5.0, tokens=self.auth.tokens(user)))
        self.cases = CaseWorkflow(self.store, actor="clerk01", office="福田分局", office_code="FT",
                                 workstation_id=self.ws, records=records, now=lambda: TODAY)
        self.cert = WindowCertification(self.cases, load_policy_params())

    def sync(self):
        report = _one_round(self.settings, self.store, self.auth, 50)
        assert report.error is None, report.error

    def enrol(self, dev, feeder, id_number, name):
        """The pension case of 6.6.1.1.2.3 with the template enrolled on the virtual device."""
        view = self.cases.create("pension", "individual", variants=("normal",),
                                 applicant={"name": name, "id_number": id_number})
        feeder.script(["whorl"] * 5)
        result = dev.enroll(Finger.right_index, timeout=10)
        store_enrollment(self.store, view.case.id, result, clerk="clerk01", workstation_id=self.ws, codec=PlainCodec())
        return view.case.id


@pytest.fixture
def window(_migrated_template, tmp_path, central_server, app_home):
    w = Window(_migrated_template, tmp_path, central_server.url)
    yield w
    w.store.close()


@pytest.fixture
def card_reader(pcscd_service):
    r = PcscCardReader(VPCD_READER)
    yield r
    r.close()


def _read_card(virtual_card, card_reader, id_number, name, sex="2", birth=date(1958, 5, 20)):
    virtual_card.insert(CardProfile(social_security_number=id_number, name=name, sex_code=sex, birth_date=birth))
    try:
        return applicant_from_card(card_reader.read())
    finally:
        virtual_card.remove()


def _registry(central_db, id_number):
    from sqlalchemy.orm import Session

    from counter_central.db import RegistryPerson

    with Session(central_db) as s:
        return json.loads(s.get(RegistryPerson, id_number).record)


def _outbox(store, kind):
    with store.session() as s:
        return [json.loads(e.payload) for e in s.scalars(select(OutboxEntry).where(OutboxEntry.kind == kind))]


def test_fingerprint_match_certifies_prints_and_moves_last_certified(window, fprint_device, virtual_card,
                                                                    card_reader, central_db):
    dev, feeder = fprint_device
    window.enrol(dev, feeder, RETIRED, "王秀英")
    applicant = _read_card(virtual_card, card_reader, RETIRED, "王秀英")
    assert applicant["id_number"] == RETIRED and applicant["name"] == "王秀英"

    cid = window.cert.start(applicant)
    view = window.cases.get(cid)
    assert view.outcome.kind.value == "accepted"                       # retired and alive: from the record
    st = window.cert.standing(cid, TODAY.date())
    assert st.state == "valid" and st.valid_until == date(2027, 3, 31) and not st.flagged
    window.cert.accept(cid)
    assert window.cert.enrolled_template(cid) is not None

    feeder.script(["whorl"])
    # PIPL Art. 28/29: no finger is compared before the consent notice was read and agreed to
    with pytest.raises(CertificationError, match="须向本人宣读采集告知并经本人同意"):
        window.cert.verify_fingerprint(cid, dev, timeout=10, codec=PlainCodec())
    window.cert.consent(cid)
    assert window.cert.consented(cid)
    assert window.cert.verify_fingerprint(cid, dev, timeout=10, codec=PlainCodec()) is True
    out = window.cert.record_success(cid, method="fingerprint")
    assert out.valid_until == date(2027, 12, 31) and not out.resumption and out.back_pay_months == ()
    case = window.cases.get(cid).case
    assert case.state.value == "completed"
    docs = window.cases.documents(cid)
    assert any(d["kind"] == "certification_notice" for d in docs)
    [entry] = _outbox(window.store, "certification.recorded")
    assert entry["method"] == "fingerprint" and entry["clerk"] == "clerk01" and entry["valid_until"] == "2027-12-31"

    window.sync()
    assert _registry(central_db, RETIRED)["last_certified"] == "2026-12-03"


def test_no_match_falls_back_to_photo_comparison(window, fprint_device, virtual_card, card_reader, central_db):
    dev, feeder = fprint_device
    window.enrol(dev, feeder, DUE, "孙桂兰")
    applicant = _read_card(virtual_card, card_reader, DUE, "孙桂兰", birth=date(1956, 11, 23))
    cid = window.cert.start(applicant)
    assert window.cert.standing(cid, TODAY.date()).state == "due"
    window.cert.accept(cid)
    feeder.script(["tented_arch"])
    window.cert.consent(cid)
    assert window.cert.verify_fingerprint(cid, dev, timeout=10, codec=PlainCodec()) is False
    with pytest.raises(CertificationError, match="指纹比对未通过"):
        window.cert.record_success(cid, method="fingerprint")
    with pytest.raises(CertificationError, match="经办人确认"):
        window.cert.record_success(cid, method="photo")
    out = window.cert.record_success(cid, method="photo", photo_confirmed=True, photo_note="与身份证照片一致")
    assert out.method == "photo" and out.valid_until == date(2027, 12, 31)
    [entry] = _outbox(window.store, "certification.recorded")
    assert entry["method"] == "photo"
    window.sync()
    assert _registry(central_db, DUE)["last_certified"] == "2026-12-03"


def test_lapsed_pensioner_without_template_photo_path(window, virtual_card, card_reader, central_db):
    """Lapsed but never suspended (no sweep approved): 认证已过期（待暂停审批）, no resumption and no
    back-pay months promised (the centre counts them from the day a suspension took effect)."""
    applicant = _read_card(virtual_card, card_reader, LAPSED, "钱国华", sex="1", birth=date(1952, 7, 1))
    cid = window.cert.start(applicant)
    st = window.cert.standing(cid, TODAY.date())
    assert st.flagged and st.state == "lapsed" and "认证已过期（待暂停审批）" in st.text()
    window.cert.accept(cid)
    assert window.cert.enrolled_template(cid) is None
    window.cert.consent(cid)
    with pytest.raises(CertificationError, match="没有已采集的指纹模板"):
        window.cert.verify_fingerprint(cid, object())
    out = window.cert.record_success(cid, method="photo", photo_confirmed=True)
    assert not out.resumption and out.back_pay_months == () and out.lapsed
    step = window.cases.get(cid).case.steps[-1]
    assert step.data["certification"]["back_pay_months"] == [] and step.data["certification"]["lapsed"] is True
    [entry] = _outbox(window.store, "certification.recorded")
    assert entry["back_pay_months"] == []


def test_a_deceased_person_is_not_certified(window, virtual_card, card_reader):
    applicant = _read_card(virtual_card, card_reader, "44030419700830163X", "刘德华", sex="1", birth=date(1970, 8, 30))
    cid = window.cert.start(applicant)
    assert window.cases.get(cid).outcome.kind.value == "not_eligible"
    with pytest.raises(CertificationError, match="已死亡"):
        window.cert.accept(cid)


def test_supervisor_sees_the_reminder_list_masked_at_the_counter(central_server, central_db, tmp_path):
    from sqlalchemy.orm import Session

    from counter_central.certification import reminders
    from tests.integration.test_approvals import _cli, _cli_home

    sup = _cli_home(tmp_path, central_server.url, "supervisor01")
    code, out, err = _cli(sup, "certification", "reminders", "--days", "366", "--json")
    assert code == 0, err
    with Session(central_db) as s:
        expected = reminders(s, date.fromisoformat(out["today"]), days=366, office="FT")
    assert [i["id_masked"] for i in out["items"]] == [e.masked()["id_masked"] for e in expected]
    assert all(e.id_number not in json.dumps(out) for e in expected)
    clerk = _cli_home(tmp_path, central_server.url, "clerk01")
    code, out, _ = _cli(clerk, "certification", "reminders", "--json")
    assert code == 1 and "只有科长" in out["error"]
