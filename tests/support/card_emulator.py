"""A social security card (社会保障卡) emulator for vsmartcard's vpcd — stdlib only.

vpcd (the virtual reader driver pcscd loads) listens on TCP 35963 (slot 0) / 35964 (slot 1); a
card is a TCP *client* of that port. Framing: 2-byte big-endian length + payload. A 1-byte payload
is a control code (0 power off, 1 power on, 2 reset, 4 send ATR); longer payloads are command
APDUs, answered with the response APDU.

The card holds the social security application (DF name GBK "sx1.sh.社会保障") with EF05 (card
data, tags 01–07) and EF06 (holder, tags 08–0D), read with ``00 B2 <tag> 00 <Le>``.

Behaviours a test can ask for (see :class:`CardProfile`): a different application (SELECT
fails), a missing EF (6A82), T=0 style answers (61xx + GET RESPONSE), strict Le checking with
6Cxx, a card that is pulled out after N APDUs, third-generation layout (3.00, name and number
not readable in the clear).

``EmulatedCard(profile).insert()`` connects; ``.remove()`` closes the socket and joins the thread.
"""

from __future__ import annotations

import socket
import struct
import threading
import time
from dataclasses import dataclass, field
from datetime import date

VPCD_HOST = "127.0.0.1"
VPCD_PORT = 35963          # slot 0; slot 1 is 35964

SS_AID = "sx1.sh.社会保障".encode("gbk")
DEFAULT_ATR = bytes.fromhex("3B6800008073C8211300000A")

SW_OK = b"\x90\x00"
SW_FILE_NOT_FOUND = b"\x6a\x82"
SW_RECORD_NOT_FOUND = b"\x6a\x83"
SW_INS_NOT_SUPPORTED = b"\x6d\x00"
SW_CLA_NOT_SUPPORTED = b"\x6e\x00"
SW_CONDITIONS = b"\x69\x85"
SW_WRONG_LENGTH = b"\x67\x00"


def _bcd(digits: str, length: int, pad: str = "F") -> bytes:
    digits = digits.ljust(length * 2, pad)
    return bytes.fromhex(digits[: length * 2])


def _bcd_date(d: date | None) -> bytes:
    return bytes(4) if d is None else bytes.fromhex(d.strftime("%Y%m%d"))


def _text(value: str, length: int, encoding: str = "gb18030") -> bytes:
    raw = value.encode(encoding)
    if len(raw) > length:
        raise ValueError(f"{value!r} does not fit {length} bytes")
    return raw.ljust(length, b"\x00")


@dataclass
class CardProfile:
    """What the emulated card holds and how it misbehaves (all fictional data)."""

    # EF05 — 卡片基本信息
    card_id_hex: str = "440300D15600000500A1B2C3D4E5F607"   # 卡识别码, 16 bytes
    card_type: str = "3"                                     # 卡类别
    spec_version: str = "2.00"                               # 规范版本
    institution_hex: str = "440300000000000000000000"        # 发卡机构编号, 12 bytes BCD
    issue_date: date | None = date(2019, 5, 20)
    expiry_date: date | None = date(2029, 5, 20)
    card_number: str = "A12345678"                           # 社会保障卡卡号, 9 chars
    # EF06 — 持卡人基本信息
    social_security_number: str = "11010519491231002X"
    name: str = "王龑"
    name_encoding: str = "gb18030"
    sex_code: str = "2"                                      # '1' 男 '2' 女
    ethnicity: str = "01"
    birthplace: str = "1101"
    birth_date: date | None = date(1949, 12, 31)
    # field length overrides (tag → length); a card may differ from the usual layout
    lengths: dict[int, int] = field(default_factory=dict)
    # behaviours
    aid: bytes = SS_AID                     # the application DF name this card answers to
    missing_files: tuple[int, ...] = ()     # e.g. (0xEF06,) → 6A82 on SELECT
    missing_records: tuple[int, ...] = ()   # e.g. (0x0C,) → 6A83 on READ RECORD
    t0_get_response: bool = False           # answer READ RECORD with 61xx, data via GET RESPONSE
    strict_le: bool = False                 # wrong Le → 6Cxx (the reader must resend)
    remove_after_apdus: int | None = None   # pull the card out after this many command APDUs
    hang_after_apdus: int | None = None     # stop answering (a hung reader/card) after this many APDUs
    third_generation: bool = False          # 3.00: name and number only through the security module
    atr: bytes = DEFAULT_ATR

    def records(self) -> dict[int, bytes]:
        name = self.name
        number = self.social_security_number
        if self.third_generation:
            # Name and number are protected on 3.00 cards: a plain read yields ciphertext/blank.
            return self._encode(
                name_bytes=bytes.fromhex("8F3A6D21C0E45B9977A1") + bytes(20),
                number_bytes=bytes(18),
            )
        return self._encode(name_bytes=_text(name, self.lengths.get(0x09, 30), self.name_encoding),
                            number_bytes=number.encode("ascii"))

    def _encode(self, *, name_bytes: bytes, number_bytes: bytes) -> dict[int, bytes]:
        L = lambda tag, default: self.lengths.get(tag, default)
        return {
            0x01: bytes.fromhex(self.card_id_hex)[: L(0x01, 16)].ljust(L(0x01, 16), b"\x00"),
            0x02: self.card_type.encode("ascii")[: L(0x02, 1)],
            0x03: self.spec_version.encode("ascii").ljust(L(0x03, 4), b"\x00"),
            0x04: bytes.fromhex(self.institution_hex)[: L(0x04, 12)].ljust(L(0x04, 12), b"\xff"),
            0x05: _bcd_date(self.issue_date),
            0x06: _bcd_date(self.expiry_date),
            0x07: self.card_number.encode("ascii").ljust(L(0x07, 9), b"\x00"),
            0x08: number_bytes.ljust(L(0x08, 18), b"\x00"),
            0x09: name_bytes,
            0x0A: self.sex_code.encode("ascii"),
            0x0B: _bcd(self.ethnicity, 1),
            0x0C: _bcd(self.birthplace, 3),
            0x0D: _bcd_date(self.birth_date),
        }


EF05_TAGS = range(0x01, 0x08)
EF06_TAGS = range(0x08, 0x0E)


class CardApplet:
    """The card's command processing (no I/O): ``process(apdu) -> response``."""

    def __init__(self, profile: CardProfile):
        self.profile = profile
        self.records = profile.records()
        self.selected_app = False
        self.selected_ef: int | None = None
        self.pending: bytes = b""            # data waiting for GET RESPONSE
        self.apdu_count = 0

    def reset(self) -> None:
        self.selected_app = False
        self.selected_ef = None
        self.pending = b""

    def process(self, apdu: bytes) -> bytes:
        self.apdu_count += 1
        if len(apdu) < 4:
            return SW_WRONG_LENGTH
        cla, ins, p1, p2 = apdu[:4]
        if cla not in (0x00, 0x80):
            return SW_CLA_NOT_SUPPORTED
        if ins == 0xA4:
            return self._select(p1, apdu[5: 5 + apdu[4]] if len(apdu) > 4 else b"")
        if ins == 0xB2:
            le = apdu[4] if len(apdu) > 4 else 0
            return self._read_record(p1, le)
        if ins == 0xC0:
            le = apdu[4] if len(apdu) > 4 else 0
            return self._get_response(le)
        return SW_INS_NOT_SUPPORTED

    def _select(self, p1: int, data: bytes) -> bytes:
        self.pending = b""
        if p1 == 0x04:                       # by DF name
            if data == self.profile.aid:
                self.selected_app = True
                self.selected_ef = None
                return SW_OK
            return SW_FILE_NOT_FOUND
        if p1 == 0x02 and len(data) == 2:    # EF under the current DF
            fid = int.from_bytes(data, "big")
            if not self.selected_app or fid not in (0xEF05, 0xEF06) or fid in self.profile.missing_files:
                return SW_FILE_NOT_FOUND
            self.selected_ef = fid
            return SW_OK
        return SW_FILE_NOT_FOUND

    def _read_record(self, tag: int, le: int) -> bytes:
        allowed = EF05_TAGS if self.selected_ef == 0xEF05 else EF06_TAGS if self.selected_ef == 0xEF06 else ()
        if tag not in allowed:
            return SW_CONDITIONS if self.selected_ef is None else SW_RECORD_NOT_FOUND
        if tag in self.profile.missing_records:
            return SW_RECORD_NOT_FOUND
        value = self.records[tag]
        tlv = bytes([tag, len(value)]) + value
        if self.profile.t0_get_response:
            self.pending = tlv
            return bytes([0x61, len(tlv) & 0xFF])
        if self.profile.strict_le and le != len(tlv):
            return bytes([0x6C, len(tlv) & 0xFF])
        return tlv + SW_OK

    def _get_response(self, le: int) -> bytes:
        if not self.pending:
            return b"\x69\x85"
        n = le or 256
        out, self.pending = self.pending[:n], self.pending[n:]
        if self.pending:
            return out + bytes([0x61, len(self.pending) & 0xFF])
        return out + SW_OK


class EmulatedCard:
    """One card inserted into vpcd: a TCP client thread answering vpcd's requests."""

    def __init__(self, profile: CardProfile | None = None, *, host: str = VPCD_HOST, port: int = VPCD_PORT):
        self.profile = profile or CardProfile()
        self.applet = CardApplet(self.profile)
        self.host, self.port = host, port
        self._sock: socket.socket | None = None
        self._thread: threading.Thread | None = None
        self._stop = threading.Event()
        self.removed = threading.Event()     # set when the card left the reader (by us or by the profile)
        self.error: BaseException | None = None
        self.commands: list[bytes] = []

    # -- lifecycle -------------------------------------------------------------------------
    def insert(self, timeout: float = 5.0) -> "EmulatedCard":
        deadline = time.monotonic() + timeout
        while True:
            try:
                sock = socket.create_connection((self.host, self.port), timeout=1.0)
                break
            except OSError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.1)
        sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        sock.settimeout(0.2)                 # lets the loop notice remove() promptly
        self._sock = sock
        self._thread = threading.Thread(target=self._serve, name="card-emulator", daemon=True)
        self._thread.start()
        return self

    def remove(self) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout=5)
        self._close()

    def __enter__(self) -> "EmulatedCard":
        return self.insert()

    def __exit__(self, *exc) -> None:
        self.remove()

    def _close(self) -> None:
        sock, self._sock = self._sock, None
        if sock is not None:
            try:
                sock.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass
            sock.close()
        self.removed.set()

    # -- protocol --------------------------------------------------------------------------
    def _recv_exact(self, n: int) -> bytes | None:
        buf = b""
        while len(buf) < n:
            if self._stop.is_set():
                return None
            if hasattr(socket, "TCP_QUICKACK"):
                # Delayed ACK + Nagle on the reader side would stall each APDU by ~40 ms.
                self._sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_QUICKACK, 1)
            try:
                chunk = self._sock.recv(n - len(buf))
            except socket.timeout:
                continue
            if not chunk:
                return None
            buf += chunk
        return buf

    def _send(self, payload: bytes) -> None:
        self._sock.sendall(struct.pack(">H", len(payload)) + payload)

    def _serve(self) -> None:
        try:
            while not self._stop.is_set():
                head = self._recv_exact(2)
                if head is None:
                    break
                payload = self._recv_exact(struct.unpack(">H", head)[0])
                if payload is None:
                    break
                if len(payload) == 1:
                    code = payload[0]
                    if code in (0, 1, 2):            # power off / on / reset
                        self.applet.reset()
                    elif code == 4:                  # ATR
                        self._send(self.profile.atr)
                    continue
                limit = self.profile.remove_after_apdus
                if limit is not None and self.applet.apdu_count >= limit:
                    break                            # pulled out in the middle of a read
                hang = self.profile.hang_after_apdus
                if hang is not None and self.applet.apdu_count >= hang:
                    self._stop.wait()                # never answers until the card is removed
                    break
                self.commands.append(payload)
                self._send(self.applet.process(payload))
        except OSError as exc:
            if not self._stop.is_set():
                self.error = exc
        finally:
            self._close()
