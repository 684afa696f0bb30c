"""#16 privacy, item 4: after a full run at the counter — accept a case, print its notice through CUPS,
archive it, export the queue — the person's ID number and name are nowhere in clear under the app's
data, config, log and cache dirs, nor in the export file on the USB stick (real CUPS + cups-pdf)."""

from __future__ import annotations

import logging

import pytest

from counter_app.domain.case_engine import CaseState
from counter_app.printing.cups import CupsPrinters
from counter_app.printing.documents import documents_of_case
from counter_app.printing.printqueue import JobState, PrintQueue
from counter_app.printing.samples import fictional_id
from counter_app.workflows.cases import CaseWorkflow
from tests.support.cases import NOW, ready_case
from tests.support.privacy import clear_hits

pytestmark = pytest.mark.integration

ID_NUMBER = fictional_id("44030119850607123")
NAME = "欧阳翠花"
PHONE = "13912345678"


def test_nothing_personal_in_clear_after_accept_print_archive_export(app_home, cups_queues, tmp_path):
    from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey

    from counter_app.cli._common import open_store
    from counter_app.logging_setup import setup_logging
    from counter_app.paths import app_paths
    from counter_app.sync.export import export_queue, read_export
    from counter_protocol.export import public_key_text

    paths = app_paths().ensure()
    handler = setup_logging(paths.log_dir, logging.DEBUG)     # the log is searched too
    store = open_store()
    try:
        workflow = CaseWorkflow(store, actor="clerk01", office="福田分局", office_code="FT", workstation_id="FT-W01",
                          now=lambda: NOW, archive_root=paths.data_dir / "archive")
        cid = ready_case(workflow, "reg_enroll", applicant={"name": NAME, "id_number": ID_NUMBER, "phone": PHONE})
        workflow.decide(cid, expected="accepted")
        with store.session() as s:
            docs = documents_of_case(s, cid)
        assert docs
        queue = PrintQueue(store, CupsPrinters(), default_printer=cups_queues.queue, actor="clerk01")
        jobs = [queue.submit_document(d.id) for d in docs]
        for job in jobs:
            assert queue.wait(job.id, timeout=30).state == JobState.done, queue.events(job.id)
        while (view := workflow.get(cid)).next_step:
            workflow.record_step(cid, view.next_step, "done")
        assert workflow.complete(cid).case.state is CaseState.completed
        workflow.archive(cid)
        assert list((paths.data_dir / "archive").rglob("*.sm4"))          # the package was written
        centre = X25519PrivateKey.generate()
        stick = tmp_path / "usb" / "queue.jsonl"
        stick.parent.mkdir()
        n = export_queue(store, stick, "FT-W01", public_key_text(centre.public_key().public_bytes_raw()))
        header, items, _bad = read_export(stick, centre)
        # the positive control: the person is in what was printed, archived and exported
        control = tmp_path / "control"
        control.mkdir()
        (control / "printed.pdf").write_bytes(queue.pdf(jobs[0].id))
        (control / "export.jsonl").write_bytes(b"".join(i.model_dump_json().encode() for i in items))
        assert n > 0
        assert clear_hits([control / "printed.pdf"], [ID_NUMBER, NAME]), "the notice carries the person"
        assert clear_hits([control / "export.jsonl"], [ID_NUMBER]), "the queue carries the person"
    finally:
        store.close()
        logging.getLogger().removeHandler(handler)
        handler.close()
    assert (paths.log_dir / "counter-app.log").stat().st_size > 0
    hits = clear_hits([paths.data_dir, paths.config_dir, paths.log_dir, paths.cache_dir, stick], [ID_NUMBER, NAME, PHONE])
    assert hits == []
