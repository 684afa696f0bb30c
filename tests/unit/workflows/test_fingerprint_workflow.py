"""Fingerprint use cases: capture-and-store with the case, verify, continue without prints."""

from __future__ import annotations

import hashlib
import json
import threading

import pytest
from sqlalchemy import select

from counter_app.devices.fingerprint.base import (
    BadScanError,
    CancelledError,
    Finger,
    FingerprintTimeoutError,
    Quality,
)
from counter_app.devices.fingerprint.demo import DemoFingerprintDevice
from counter_app.storage.tables_biometrics import FingerprintExemption, FingerprintTemplate, FingerprintVerification
from counter_app.storage.tables_core import OutboxEntry
from counter_app.workflows import fingerprint as wf


@pytest.fixture
def demo():
    dev = DemoFingerprintDevice(scan_delay=0.001)
    dev.open()
    yield dev
    dev.close()


def _outbox(store, kind=None):
    with store.session() as s:
        q = select(OutboxEntry).order_by(OutboxEntry.seq)
        if kind:
            q = q.where(OutboxEntry.kind == kind)
        return list(s.scalars(q))


def test_capture_stores_template_with_case_and_outbox_without_biometric_bytes(store, demo):
    stages = []
    stored = wf.capture_for_case(store, demo, "CASE-1", clerk="clerk01", workstation_id="FT-W01",
                                 finger=Finger.left_index, on_progress=lambda d, t: stages.append((d, t)))
    assert stages == [(i, 5) for i in range(1, 6)]
    with store.session() as s:
        row = s.get(FingerprintTemplate, stored.template_id)
    assert row.case_id == "CASE-1" and row.finger == "left_index" and row.scheme == "sm4-gcm:biometrics"
    plain = wf.Sm4Codec().open(row.scheme, row.template)
    assert plain not in row.template  # #16 finding 10: the template is never stored in clear
    assert row.template_digest == hashlib.sha256(plain).hexdigest() == stored.digest
    assert row.image is None and row.clerk == "clerk01" and row.quality == "good"
    [entry] = _outbox(store)
    assert entry.kind == "fingerprint.enrolled" and entry.aggregate_id == "CASE-1"
    assert entry.actor == "clerk01" and entry.id == stored.outbox_id
    payload = json.loads(entry.payload)
    assert set(payload) == {"template_id", "case_id", "finger", "quality", "minutiae", "template_digest",
                            "backend", "stages", "image_kept", "scheme"}
    assert payload["template_digest"] == stored.digest and payload["image_kept"] is False
    # no biometric bytes, in any encoding
    assert row.template.decode("latin-1") not in entry.payload
    assert "DEMO1" not in entry.payload


def test_image_is_kept_only_when_asked(store, demo):
    stored = wf.capture_for_case(store, demo, "CASE-2", clerk="c1", keep_image=True)
    with store.session() as s:
        row = s.get(FingerprintTemplate, stored.template_id)
    assert stored.image_kept and row.image is not None
    image = wf.Sm4Codec().open(row.scheme, row.image)   # sealed like the template
    assert len(image) == row.image_width * row.image_height and image not in row.image


def test_poor_quality_enrolment_is_refused_and_nothing_is_written(store, demo):
    from counter_app.devices.fingerprint.base import EnrollResult

    poor = EnrollResult(template=b"x" * 10, finger=Finger.right_index, stages=5, quality=Quality.poor,
                        minutiae=5, device="d", backend="demo")
    with pytest.raises(BadScanError) as info:
        wf.store_enrollment(store, "CASE-3", poor, clerk="c1")
    assert "重新录入" in str(info.value)
    assert wf.latest_template(store, "CASE-3") is None and _outbox(store) == []


def test_bad_scan_during_enrolment_is_retried(store, demo):
    demo.script(["demo-applicant", "bad", "demo-applicant"])
    prompts = []
    stored = wf.capture_for_case(store, demo, "CASE-4", clerk="c1", on_prompt=prompts.append)
    assert stored.quality is Quality.good
    assert any("重新按压" in p for p in prompts)


def test_verify_same_finger_matches_other_does_not_and_both_are_recorded(store, demo):
    stored = wf.capture_for_case(store, demo, "CASE-5", clerk="c1")
    ok = wf.verify_for_case(store, demo, "CASE-5", clerk="c2")
    demo.present("someone-else")
    bad = wf.verify_for_case(store, demo, "CASE-5", clerk="c2")
    assert (ok.matched, bad.matched) == (True, False)
    assert ok.template_id == bad.template_id == stored.template_id
    with store.session() as s:
        rows = list(s.scalars(select(FingerprintVerification).order_by(FingerprintVerification.verified_at)))
    assert [r.matched for r in rows] == [True, False]
    kinds = [e.kind for e in _outbox(store)]
    assert kinds == ["fingerprint.enrolled", "fingerprint.verified", "fingerprint.verified"]
    assert json.loads(_outbox(store, "fingerprint.verified")[1].payload)["matched"] is False


def test_verify_uses_the_latest_capture(store, demo):
    wf.capture_for_case(store, demo, "CASE-6", clerk="c1")
    demo.present("recaptured")
    second = wf.capture_for_case(store, demo, "CASE-6", clerk="c1")
    assert wf.verify_for_case(store, demo, "CASE-6", clerk="c1").template_id == second.template_id


def test_verify_without_template_and_with_corrupt_template(store, demo):
    with pytest.raises(wf.NoTemplateError) as info:
        wf.verify_for_case(store, demo, "NO-SUCH", clerk="c1")
    assert "没有已采集的指纹模板" in str(info.value)
    stored = wf.capture_for_case(store, demo, "CASE-7", clerk="c1")
    with store.session() as s:
        row = s.get(FingerprintTemplate, stored.template_id)
        row.template = row.template + b"!"
        s.commit()
    with pytest.raises(wf.FingerprintWorkflowError) as info:
        wf.verify_for_case(store, demo, "CASE-7", clerk="c1")
    assert "校验失败" in str(info.value)


def test_unknown_scheme_is_not_opened_as_plain(store, demo):
    stored = wf.capture_for_case(store, demo, "CASE-8", clerk="c1")
    with store.session() as s:
        s.get(FingerprintTemplate, stored.template_id).scheme = "sm4-gcm:k1"
        s.commit()
    with pytest.raises(wf.FingerprintWorkflowError) as info:
        wf.load_template(store, "CASE-8")
    assert "sm4-gcm:k1" in str(info.value)


def test_continue_without_prints_needs_reason_and_supervisor(store):
    with pytest.raises(wf.FingerprintWorkflowError) as info:
        wf.continue_without_prints(store, "CASE-9", "  ", clerk="c1")
    assert "原因" in str(info.value)
    assert wf.fingerprint_status(store, "CASE-9") == "missing"

    rec = wf.continue_without_prints(store, "CASE-9", "双手手指残缺，无法按压", clerk="c1")
    assert rec.status == "awaiting_supervisor"
    assert wf.fingerprint_status(store, "CASE-9") == "exempt_pending"
    assert [e.id for e in wf.pending_exemptions(store)] == [rec.exemption_id]
    [entry] = _outbox(store, "fingerprint.exemption_requested")
    assert json.loads(entry.payload)["reason"] == "双手手指残缺，无法按压"

    with pytest.raises(wf.FingerprintWorkflowError) as info:
        wf.decide_exemption(store, rec.exemption_id, supervisor="c1", approve=True)
    assert "主管" in str(info.value)
    with pytest.raises(wf.FingerprintWorkflowError):
        wf.decide_exemption(store, rec.exemption_id, supervisor="boss", approve=False)   # no note
    done = wf.decide_exemption(store, rec.exemption_id, supervisor="boss", approve=True)
    assert done.status == "approved" and wf.fingerprint_status(store, "CASE-9") == "exempt_approved"
    assert wf.pending_exemptions(store) == []
    with pytest.raises(wf.FingerprintWorkflowError):
        wf.decide_exemption(store, rec.exemption_id, supervisor="boss", approve=True)
    with store.session() as s:
        row = s.get(FingerprintExemption, rec.exemption_id)
    assert row.supervisor == "boss" and row.decided_at is not None


def test_demo_timeout_and_cancel(demo):
    demo.present(None)
    with pytest.raises(FingerprintTimeoutError):
        demo.capture(timeout=0.05)
    out = {}

    def run():
        try:
            demo.capture(timeout=10)
        except Exception as exc:
            out["exc"] = exc

    t = threading.Thread(target=run)
    t.start()
    while not demo._busy.locked():
        pass
    demo.cancel()
    t.join(5)
    assert isinstance(out["exc"], CancelledError)


@pytest.mark.integration
def test_capture_and_verify_on_libfprint_virtual_device(store, fprint_device):
    dev, feeder = fprint_device
    feeder.script(["whorl"] * 5)
    stored = wf.capture_for_case(store, dev, "CASE-R", clerk="c1", keep_image=True, timeout=10)
    assert stored.quality is Quality.good and stored.image_kept
    feeder.script(["tented_arch"])
    assert wf.verify_for_case(store, dev, "CASE-R", clerk="c1", timeout=10).matched is False
    feeder.script(["whorl"])
    assert wf.verify_for_case(store, dev, "CASE-R", clerk="c1", timeout=10).matched is True
