"""材料电子化 and 申请人签名 through the store: pages encrypted at rest (SM4-GCM, key in the
keyring), the material ticked 已提交, the signature on the notice, both in the archive package."""

from __future__ import annotations

import io
import json
import zipfile

import pytest
from sqlalchemy import select

from counter_app.devices.camera.processing import process_page
from counter_app.devices.signpad.render import render_png
from counter_app.domain.case_engine import TransitionRefused
from counter_app.domain.checklist import TickState
from counter_app.printing.integrity import sm3_hex
from counter_app.storage import crypto
from counter_app.storage.tables_core import Meta, OutboxEntry
from counter_app.storage.tables_materials import CaseSignature, MaterialImage
from counter_app.storage.uow import UnitOfWork
from counter_app.workflows import materials as M
from tests.support import synthetic_page as sp
from tests.support.cases import clerk_service

pytestmark = pytest.mark.timeout(120)


@pytest.fixture(scope="module")
def page():
    photo, _ = sp.photo(sp.turned((1296, 972), (1150, 1626), 6))
    return process_page(photo, max_bytes=300 * 1024)


@pytest.fixture
def draft(store, app_home):
    crypto.forget_cached_keys()
    workflow = clerk_service(store)
    view = workflow.create("transfer_in", "individual", applicant={"name": "张三", "id_number": "110105196001010017"})
    workflow.submit(view.case.id)
    return workflow, view.case.id


def _signature_png() -> bytes:
    return render_png([[(10, 40, 0.5), (60, 10, 0.8), (110, 45, 0.6)], [(130, 20, 0.5), (180, 30, 0.5)]], (200, 60))


def test_capture_ticks_the_material_and_stores_the_page_encrypted(store, draft, page):
    workflow, cid = draft
    assert "transfer_form" not in workflow.get(cid).case.ticks
    stored = M.attach_material_page(store, workflow, cid, "transfer_form", page, clerk="clerk01",
                                    workstation_id="FT-W01", device="图片目录")
    second = M.attach_material_page(store, workflow, cid, "transfer_form", page, clerk="clerk01")
    assert (stored.page_no, second.page_no) == (1, 2)
    assert workflow.get(cid).case.ticks["transfer_form"].state is TickState.present          # 已提交
    with store.session() as s:
        row = s.get(MaterialImage, stored.id)
        key_id = s.get(Meta, crypto.META_KEY_ID).value
        entry = s.scalar(select(OutboxEntry).where(OutboxEntry.kind == "material.captured"))
    assert row.scheme == f"sm4-gcm:{key_id}"
    assert page.data[:64] not in row.data and len(row.data) == len(page.data) + 28       # nonce + tag
    assert row.digest == sm3_hex(page.data) and row.dpi == 200
    import keyring
    assert len(bytes.fromhex(keyring.get_password(crypto.STORE_KEYRING_SERVICE, key_id))) == 16
    payload = json.loads(entry.payload)
    assert payload["digest"] == row.digest and payload["material_code"] == "transfer_form"
    assert "data" not in payload and "image" not in payload
    assert M.page_image(store, stored.id) == page.data


def test_tampered_moved_or_keyless_images_do_not_decrypt(store, draft, page):
    workflow, cid = draft
    a = M.attach_material_page(store, workflow, cid, "transfer_form", page, clerk="clerk01")
    b = M.attach_material_page(store, workflow, cid, "insured_id", page, clerk="clerk01")
    with store.new_session() as s:
        ra, rb = s.get(MaterialImage, a.id), s.get(MaterialImage, b.id)
        rb.data = ra.data                                  # a blob moved to another row
        s.commit()
    with pytest.raises(crypto.DecryptError, match="不属于这条记录"):
        M.page_image(store, b.id)
    with store.new_session() as s:
        ra = s.get(MaterialImage, a.id)
        ra.data = ra.data[:-1] + bytes([ra.data[-1] ^ 1])  # one bit changed
        s.commit()
    with pytest.raises(crypto.DecryptError):
        M.page_image(store, a.id)
    import keyring
    with store.session() as s:
        key_id = s.get(Meta, crypto.META_KEY_ID).value
    keyring.delete_password(crypto.STORE_KEYRING_SERVICE, key_id)
    crypto.forget_cached_keys()
    with pytest.raises(crypto.KeyMissingError, match="不在系统密钥环中"):
        M.page_image(store, a.id)
    with pytest.raises(crypto.KeyMissingError):              # no silent new key for existing data
        M.attach_material_page(store, workflow, cid, "transfer_form", page, clerk="clerk01")


def test_refusals(store, draft, page):
    workflow, cid = draft
    with pytest.raises(M.MaterialsError, match="没有材料"):
        M.attach_material_page(store, workflow, cid, "no_such_material", page, clerk="clerk01")
    with pytest.raises(M.MaterialsError, match="找不到办件"):
        M.attach_material_page(store, workflow, "no-such-case", "transfer_form", page, clerk="clerk01")
    with store.session() as s:
        assert s.scalar(select(MaterialImage.id)) is None    # nothing half-stored


def test_signature_on_the_notice_and_the_archive_package(store, draft, page):
    import pdfplumber

    from counter_app.printing.archive import file_case
    from counter_app.printing.documents import documents_of_case

    # 参保登记 issues a 受理告知书 the applicant signs (转出 issues none, 6.4.1.2.2)
    workflow = draft[0]
    view = workflow.create("reg_enroll", "individual", applicant={"name": "张三", "id_number": "110105196001010017"})
    cid = view.case.id
    workflow.submit(cid)
    plan = view.service.plan("individual", ())
    codes = [m.code for m in plan.materials]
    for code in codes:                                       # every material photographed → all 已提交
        M.attach_material_page(store, workflow, cid, code, page, clerk="clerk01")
    for c in plan.conditions:
        if not c.check:
            workflow.answer_condition(cid, c.code, True)
    workflow.decide(cid, expected="accepted")
    with pytest.raises(TransitionRefused):                   # accepted: its materials are closed
        M.attach_material_page(store, workflow, cid, codes[0], page, clerk="clerk01")
    with store.session() as s:
        docs = documents_of_case(s, cid)
    notice = next(d for d in docs if d.kind.value == "acceptance_notice")
    png = _signature_png()
    stored = M.attach_signature(store, notice.id, png, clerk="clerk01", backend="hid", device="Hanvon ESP")
    assert M.signature_png(store, notice.id) == png
    with store.session() as s:
        assert png[16:] not in s.get(CaseSignature, stored.id).data
    signed = M.render_signed(store, notice.id)
    with pdfplumber.open(io.BytesIO(signed)) as pdf:
        text = "".join(p.extract_text() or "" for p in pdf.pages)
        images = sum(len(p.images) for p in pdf.pages)
    assert "申请人签名" in text and images >= 1
    from counter_app.printing.documents import verify_pdf
    from counter_app.printing.signatures import stored_signature

    with store.session() as s:
        plain_check = verify_pdf(s, signed)
        signed_check = verify_pdf(s, signed, signature_of=lambda doc_id: stored_signature(store, doc_id))
    # the pages must be what the record renders: a signed copy verifies only with its stored signature
    assert not plain_check.ok and "存档记录不符" in plain_check.message
    assert signed_check.ok and signed_check.identical is True and "逐字节一致" in signed_check.message
    M.attach_signature(store, notice.id, _signature_png(), clerk="clerk01", backend="screen")   # re-signed
    with store.session() as s:
        assert len(list(s.scalars(select(CaseSignature).where(CaseSignature.case_id == cid)))) == 1

    with UnitOfWork(store, actor="clerk01") as uow:
        filing = file_case(uow, case_id=cid, office_code="FT", workstation_id="FT-W01", category="养老保险",
                           retention="30年", materials=[], clerk="clerk01")
        uow.commit()
    assert [(i["material_code"], i["page_no"]) for i in filing.items["material_images"]] == \
        sorted((c, 1) for c in codes)
    assert filing.items["signatures"][0]["document_id"] == notice.id

    package = zipfile.ZipFile(io.BytesIO(M.case_package(store, cid)))
    names = set(package.namelist())
    assert {f"materials/{codes[0]}-01.jpg", f"signatures/{notice.number}.png", f"documents/{notice.number}.pdf",
            "manifest.json"} <= names
    manifest = json.loads(package.read("manifest.json"))
    assert manifest["filing"]["archive_no"] == filing.archive_no
    for f in manifest["files"]:
        assert sm3_hex(package.read(f["name"])) == f["sm3"]
    assert package.read(f"materials/{codes[-1]}-01.jpg") == page.data


def test_only_documents_with_an_applicant_line_take_a_signature(store, draft):
    from counter_app.printing.templates import RenderError, render_pdf
    from counter_app.printing.samples import sample_fields, sample_number

    with pytest.raises(RenderError, match="没有申请人签名栏"):
        render_pdf("rejection_decision", sample_fields("rejection_decision"), sample_number("rejection_decision"),
                   signature=_signature_png())
    with pytest.raises(M.MaterialsError, match="找不到文书"):
        M.attach_signature(draft[0].store, "no-such-doc", _signature_png(), clerk="c", backend="hid")
    with pytest.raises(M.MaterialsError, match="不是 PNG"):
        M.attach_signature(draft[0].store, "x", b"GIF89a....", clerk="c", backend="hid")
