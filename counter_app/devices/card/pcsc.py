"""PC/SC backend through pyscard: reads the social security application (社会保障应用).

Card layout (several independent public reader implementations agree):
  SELECT the application by DF name ``00 A4 04 00 0F`` + GBK "sx1.sh.社会保障";
  SELECT an EF ``00 A4 02 00 02 EF 05`` (or EF 06);
  READ RECORD by tag ``00 B2 <tag> 00 <Le>`` → tag, length, value.
EF05 tags 01–07: 卡识别码 16, 卡类别 1, 规范版本 4, 发卡机构编号 12, 发卡日期 4, 卡有效期 4, 卡号 9.
EF06 tags 08–0D: 社会保障号码 18, 姓名 30, 性别 1, 民族 1, 出生地 3, 出生日期 4.

Uses pyscard's thin ``smartcard.scard`` layer (one context per reader object, no per-APDU
observer machinery) so a read costs little more than the APDUs themselves.
"""

from __future__ import annotations

import logging
import queue
import threading
import time
from typing import Callable

from counter_app.devices.card import errors as E
from counter_app.devices.card.errors import PCSC_REMOVED, error_from_pcsc
from counter_app.devices.card.model import (CardRecord, CardTextError, area_code_of, checked, decode_ascii, decode_bcd,
                                            decode_bcd_date, decode_code, decode_name, decode_sex)

log = logging.getLogger(__name__)

SS_AID = "sx1.sh.社会保障".encode("gbk")
SELECT_AID = [0x00, 0xA4, 0x04, 0x00, len(SS_AID), *SS_AID]
SELECT_EF05 = [0x00, 0xA4, 0x02, 0x00, 0x02, 0xEF, 0x05]
SELECT_EF06 = [0x00, 0xA4, 0x02, 0x00, 0x02, 0xEF, 0x06]
EF05_FIELDS = ((0x01, 16), (0x02, 1), (0x03, 4), (0x04, 12), (0x05, 4), (0x06, 4), (0x07, 9))
EF06_FIELDS = ((0x08, 18), (0x09, 30), (0x0A, 1), (0x0B, 1), (0x0C, 3), (0x0D, 4))


def read_record_apdu(tag: int, length: int) -> list[int]:
    return [0x00, 0xB2, tag, 0x00, (length + 2) & 0xFF]


def full_read_apdus() -> list[list[int]]:
    """The 16 command APDUs of a full read, in order (also the benchmark's baseline)."""
    return ([SELECT_AID, SELECT_EF05] + [read_record_apdu(t, n) for t, n in EF05_FIELDS]
            + [SELECT_EF06] + [read_record_apdu(t, n) for t, n in EF06_FIELDS])


def error_from_exception(exc: BaseException) -> E.CardError:
    """Map a pyscard exception (EstablishContextException, NoCardException,
    CardRequestTimeoutException, CardConnectionException, …) to a :class:`CardError`."""
    from smartcard import Exceptions as X

    if isinstance(exc, X.CardRequestTimeoutException):
        return E.NoCardError(detail=str(exc))
    if isinstance(exc, X.NoCardException):
        return E.NoCardError(detail=str(exc))
    hresult = getattr(exc, "hresult", -1)
    if hresult not in (-1, None):
        return error_from_pcsc(hresult, during_read=isinstance(exc, X.CardConnectionException))
    if isinstance(exc, X.NoReadersException):
        return E.NoReaderError(detail=str(exc))
    return E.CardError(detail=str(exc))


def _sw_text(sw: int) -> str:
    return f"SW {sw:04X}"


class _Helper:
    """One daemon thread that runs a reader's reads one after the other (:meth:`run` hands it a
    job; :meth:`stop` ends it after the job it is running, if any)."""

    def __init__(self) -> None:
        self._jobs: queue.SimpleQueue[Callable[[], None] | None] = queue.SimpleQueue()
        self._thread = threading.Thread(target=self._loop, name="pcsc-read", daemon=True)
        self._thread.start()

    def _loop(self) -> None:
        while (job := self._jobs.get()) is not None:
            job()                          # never raises: the job hands its outcome over itself

    def run(self, job: Callable[[], None]) -> None:
        self._jobs.put(job)

    def stop(self) -> None:
        self._jobs.put(None)

    def alive(self) -> bool:
        return self._thread.is_alive()


class PcscCardReader:
    """社会保障卡 reader on PC/SC. Thread-safe: reads are serialised by a lock."""

    backend = "pcsc"

    def __init__(self, reader_name: str = "", *, answer_seconds: float = E.READ_ANSWER_SECONDS):
        self.reader_name = reader_name.strip()
        self.answer_seconds = answer_seconds    # a begun read that gets no answer this long fails
        self._ctx = None
        self._last_reader: str | None = None
        self._lock = threading.RLock()
        self._helper: _Helper | None = None     # the thread reads run on (:meth:`_read_from`)

    # -- context and readers -------------------------------------------------------------------
    def _context(self):
        from smartcard.scard import SCARD_S_SUCCESS, SCARD_SCOPE_USER, SCardEstablishContext

        if self._ctx is None:
            rc, ctx = SCardEstablishContext(SCARD_SCOPE_USER)
            if rc != SCARD_S_SUCCESS:
                raise error_from_pcsc(rc)
            self._ctx = ctx
        return self._ctx

    def _drop_context(self) -> None:
        from smartcard.scard import SCardReleaseContext

        ctx, self._ctx = self._ctx, None
        if ctx is not None:
            SCardReleaseContext(ctx)

    def close(self) -> None:
        with self._lock:
            self._drop_context()
            helper, self._helper = self._helper, None
            if helper is not None:
                helper.stop()

    def list_readers(self) -> list[str]:
        """Reader names known to PC/SC; raises :class:`PcscServiceError` without the service."""
        from smartcard.scard import SCARD_S_SUCCESS, SCardListReaders

        with self._lock:
            for attempt in (0, 1):
                rc, readers = SCardListReaders(self._context(), [])
                if rc == SCARD_S_SUCCESS:
                    return list(readers)
                if rc & 0xFFFFFFFF == 0x8010002E:
                    return []
                # A context from before a pcscd restart is stale: get a fresh one once.
                self._drop_context()
                if attempt:
                    raise error_from_pcsc(rc)
            return []

    def reader_states(self) -> dict[str, bool]:
        """Each reader → whether a card is present."""
        from smartcard.scard import (SCARD_S_SUCCESS, SCARD_STATE_MUTE, SCARD_STATE_PRESENT,
                                     SCARD_STATE_UNAWARE, SCardGetStatusChange)

        readers = self.list_readers()
        if not readers:
            return {}
        with self._lock:
            rc, states = SCardGetStatusChange(self._context(), 0, [(r, SCARD_STATE_UNAWARE) for r in readers])
            if rc != SCARD_S_SUCCESS:
                raise error_from_pcsc(rc)
            return {r: bool(ev & SCARD_STATE_PRESENT) and not ev & SCARD_STATE_MUTE for r, ev, _ in states}

    def resolve_reader(self, readers: list[str]) -> str | None:
        """The configured reader (exact name, else the unique one starting with it), or None."""
        if not self.reader_name:
            return readers[0] if readers else None
        if self.reader_name in readers:
            return self.reader_name
        matches = [r for r in readers if r.startswith(self.reader_name)]
        return matches[0] if len(matches) == 1 else None

    def _no_reader_error(self, readers: list[str]) -> E.NoReaderError:
        if not self.reader_name:
            return E.NoReaderError()
        known = "、".join(readers) if readers else "无"
        return E.NoReaderError(f"未找到名为“{self.reader_name}”的读卡器（现有读卡器：{known}）。")

    def wait_for_card(self, timeout: float = 0.0) -> str:
        """Name of a reader holding a card, waiting up to ``timeout`` seconds."""
        from smartcard.scard import (SCARD_E_TIMEOUT, SCARD_S_SUCCESS, SCARD_STATE_CHANGED,
                                     SCARD_STATE_MUTE, SCARD_STATE_PRESENT, SCARD_STATE_UNAWARE,
                                     SCardGetStatusChange)

        readers = self.list_readers()
        if self.reader_name:
            chosen = self.resolve_reader(readers)
            if chosen is None:
                raise self._no_reader_error(readers)
            watch = [chosen]
        else:
            if not readers:
                raise E.NoReaderError()
            watch = readers
        deadline = time.monotonic() + max(0.0, timeout)
        states = [(r, SCARD_STATE_UNAWARE) for r in watch]
        first = True
        while True:
            wait_ms = 0 if first else max(1, int((deadline - time.monotonic()) * 1000))
            first = False
            with self._lock:
                rc, result = SCardGetStatusChange(self._context(), wait_ms, states)
            rc &= 0xFFFFFFFF
            if rc == SCARD_S_SUCCESS:
                for name, ev, _atr in result:
                    if ev & SCARD_STATE_PRESENT and not ev & SCARD_STATE_MUTE:
                        return name
                states = [(name, ev & ~SCARD_STATE_CHANGED) for name, ev, _ in result]
            elif rc != SCARD_E_TIMEOUT & 0xFFFFFFFF:
                raise error_from_pcsc(rc)
            if time.monotonic() >= deadline:
                raise E.NoCardError()

    # -- reading -------------------------------------------------------------------------------
    def read(self, timeout: float = 0.0) -> CardRecord:
        """Read the card, waiting up to ``timeout`` seconds for one to be inserted."""
        with self._lock:
            try:
                if self._last_reader is not None:
                    # Fast path: the reader that worked last time, without listing readers first.
                    try:
                        return self._read_from(self._last_reader)
                    except (E.NoCardError, E.NoReaderError):
                        self._last_reader = None
                reader = self.wait_for_card(timeout)
                record = self._read_from(reader)
                self._last_reader = reader
                return record
            except E.PcscServiceError:
                self._drop_context()       # pcscd may come back: next call reconnects
                raise

    def read_from(self, reader: str) -> CardRecord:
        """Read the card in ``reader`` now (no waiting)."""
        with self._lock:
            return self._read_from(reader)

    def _read_from(self, reader: str) -> CardRecord:
        """Read on this reader's helper thread, waiting at most ``answer_seconds``: a card or reader
        that stops answering blocks SCardTransmit until the card is pulled, so the caller gets
        :class:`NoAnswerError` instead. The stuck call keeps the PC/SC context (pcsc-lite locks it
        per call) and the helper: both are handed over to the stuck read, which releases the context
        when the call returns, and the helper then ends; this reader takes a fresh context and a
        fresh helper. The helper lives from read to read (starting a thread per read cost a
        quarter of a read's time on a busy machine: ``bench card-read``)."""
        from smartcard.scard import SCardReleaseContext

        ctx = self._context()
        helper = self._helper
        if helper is None or not helper.alive():
            helper = self._helper = _Helper()
        outcome: dict[str, object] = {}
        done = threading.Event()
        guard = threading.Lock()

        def work() -> None:
            try:
                outcome["record"] = self._read_with(ctx, reader)
            except BaseException as exc:   # handed to the caller below
                outcome["error"] = exc
            with guard:
                done.set()
                orphaned = outcome.get("orphaned", False)
            if orphaned:
                log.info("card reader answered after the read was given up: %r", outcome.get("error"))
                SCardReleaseContext(ctx)

        helper.run(work)
        if not done.wait(self.answer_seconds):
            with guard:
                if not done.is_set():
                    outcome["orphaned"] = True
                    if self._ctx is ctx:
                        self._ctx = None
                    if self._helper is helper:
                        self._helper = None
                    helper.stop()          # ends once the stuck call returns
                    self._last_reader = None
                    raise E.NoAnswerError(self.answer_seconds, detail=f"reader {reader!r}")
        if "error" in outcome:
            raise outcome["error"]      # type: ignore[misc]
        return outcome["record"]        # type: ignore[return-value]

    def _read_with(self, ctx, reader: str) -> CardRecord:
        from smartcard.scard import (SCARD_LEAVE_CARD, SCARD_PROTOCOL_T0, SCARD_PROTOCOL_T1,
                                     SCARD_S_SUCCESS, SCARD_SHARE_SHARED, SCardBeginTransaction,
                                     SCardConnect, SCardDisconnect, SCardEndTransaction)

        rc, hcard, protocol = SCardConnect(ctx, reader, SCARD_SHARE_SHARED,
                                           SCARD_PROTOCOL_T0 | SCARD_PROTOCOL_T1)
        if rc != SCARD_S_SUCCESS:
            if rc & 0xFFFFFFFF in PCSC_REMOVED:
                raise E.NoCardError(detail=f"PC/SC 0x{rc & 0xFFFFFFFF:08X}")   # gone before we connected
            raise error_from_pcsc(rc)
        try:
            rc = SCardBeginTransaction(hcard)
            if rc != SCARD_S_SUCCESS:
                raise error_from_pcsc(rc, during_read=True)
            try:
                return self._read_application(lambda apdu: self._exchange(hcard, protocol, apdu))
            finally:
                SCardEndTransaction(hcard, SCARD_LEAVE_CARD)
        finally:
            SCardDisconnect(hcard, SCARD_LEAVE_CARD)

    @staticmethod
    def _exchange(hcard, protocol, apdu: list[int]) -> tuple[bytes, int]:
        """Transmit with the status-word handling of ISO 7816-4: 6Cxx → resend with Le=xx,
        61xx → GET RESPONSE until done. Returns (data, final status word)."""
        from smartcard.scard import SCARD_S_SUCCESS, SCardTransmit

        def transmit(cmd):
            rc, resp = SCardTransmit(hcard, protocol, cmd)
            if rc != SCARD_S_SUCCESS:
                raise error_from_pcsc(rc, during_read=True)
            if len(resp) < 2:
                # No status word at all: the card stopped answering (pulled out mid-read, or
                # contact lost). pcscd may not have noticed the removal yet.
                raise E.CardRemovedError(detail=f"no status word in response {bytes(resp).hex()!r}")
            return resp

        resp = transmit(apdu)
        if resp[-2] == 0x6C and len(apdu) == 5:          # wrong Le: the card says the right one
            resp = transmit(apdu[:4] + [resp[-1]])
        data = list(resp[:-2])
        for _ in range(32):                               # 61xx: more data via GET RESPONSE
            if resp[-2] != 0x61:
                break
            resp = transmit([0x00, 0xC0, 0x00, 0x00, resp[-1]])
            data.extend(resp[:-2])
        return bytes(data), (resp[-2] << 8) | resp[-1]

    @staticmethod
    def _read_application(exchange: Callable[[list[int]], tuple[bytes, int]]) -> CardRecord:
        """The card-level protocol, independent of the transport (tested with a fake exchange)."""
        _, sw = exchange(SELECT_AID)
        if sw != 0x9000:
            raise E.UnknownCardError(detail=f"SELECT 社会保障应用 → {_sw_text(sw)}")

        def select(apdu, name, what):
            _, sw = exchange(apdu)
            if sw == 0x6A82:
                raise E.CardDataError(f"社会保障卡中找不到 {name} 文件（{what}）。", detail=f"SELECT {name} → 6A82")
            if sw != 0x9000:
                raise E.CardDataError(f"无法打开社会保障卡的 {name} 文件（{what}）。", detail=f"SELECT {name} → {_sw_text(sw)}")

        def read_fields(fields, name):
            values = {}
            for tag, length in fields:
                data, sw = exchange(read_record_apdu(tag, length))
                if sw != 0x9000:
                    raise E.CardDataError(f"读取 {name} 记录 {tag:02X} 失败（状态字 {sw:04X}）。",
                                          detail=f"READ RECORD {tag:02X} → {_sw_text(sw)}")
                if len(data) < 2 or data[0] != tag or len(data) < 2 + data[1]:
                    raise E.CardDataError(detail=f"READ RECORD {tag:02X} → malformed {data.hex()}")
                values[tag] = data[2: 2 + data[1]]
            return values

        select(SELECT_EF05, "EF05", "卡片基本信息")
        ef05 = read_fields(EF05_FIELDS, "EF05")
        try:
            card_id = ef05[0x01].hex().upper()
            spec_version = decode_ascii(ef05[0x03])
            base = dict(
                card_id=card_id,
                area_code=area_code_of(card_id),
                card_type=decode_code(ef05[0x02]),
                spec_version=spec_version,
                issuing_institution=decode_code(ef05[0x04]),
                issue_date=decode_bcd_date(ef05[0x05]),
                expiry_date=decode_bcd_date(ef05[0x06]),
                card_number=decode_ascii(ef05[0x07]),
            )
        except (ValueError, UnicodeDecodeError) as exc:
            raise E.CardDataError(detail=f"EF05: {exc}") from None
        if spec_version.startswith("3"):
            raise E.ThirdGenerationCardError(detail=f"spec_version={spec_version}")

        select(SELECT_EF06, "EF06", "持卡人基本信息")
        ef06 = read_fields(EF06_FIELDS, "EF06")
        try:
            number = decode_ascii(ef06[0x08]).upper()
            name = decode_name(ef06[0x09])
        except UnicodeDecodeError:
            raise E.CardContentError([("社会保障号码不是数字和字母", "")], detail="EF06 number not ASCII") from None
        except CardTextError as exc:
            raise E.CardContentError([(str(exc), "")], detail="EF06 name encoding") from None
        try:
            record = CardRecord(
                social_security_number=number,
                name=name,
                sex=decode_sex(ef06[0x0A]),
                ethnicity=decode_bcd(ef06[0x0B]),
                birthplace=decode_bcd(ef06[0x0C]),
                birth_date=decode_bcd_date(ef06[0x0D]),
                source="pcsc",
                **base,
            )
        except (ValueError, UnicodeDecodeError) as exc:
            raise E.CardDataError(detail=f"EF06: {exc}") from None
        if not record.social_security_number or not record.name:
            raise E.CardDataError("社会保障卡中没有社会保障号码或姓名。", detail="EF06 blank")
        return checked(record)

    # -- insert / removal ----------------------------------------------------------------------
    def watch(self, on_inserted, on_removed, on_error=None):
        from counter_app.devices.card.watcher import PcscWatcher

        return PcscWatcher(self, on_inserted, on_removed, on_error).start()
