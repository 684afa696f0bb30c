"""The centre's versioned key files (the entry key, the person key) are read again whenever they
changed — also on a filesystem that keeps file times in whole seconds (ext3, NFSv3, FAT: 2 s),
where a rotation and a retirement within the same tick can leave a file of the same inode
(freed by the rotation's atomic replace, reused by the retirement's), size and times as the one
read before: a stale read would hand out the retired version and lack the newest. (Whether the
inode is reused is the filesystem's choice: the first test caught the stale read in about half
the runs before the fix; the second, a file rewritten in place, in every run.)"""

from __future__ import annotations

import multiprocessing
import os
import time

import pytest
from sqlalchemy import create_engine
from sqlalchemy.orm import Session

TICK_NS = 2_000_000_000          # FAT's: the coarsest a key file's folder may keep


def _coarse(result: os.stat_result) -> os.stat_result:
    """``result`` as a filesystem keeping times in 2-second ticks would give it."""
    fields = {name: getattr(result, name) for name in ("st_mode", "st_ino", "st_dev", "st_nlink", "st_uid",
                                                       "st_gid", "st_size")}
    ns = {name: getattr(result, name) // TICK_NS * TICK_NS for name in ("st_atime_ns", "st_mtime_ns", "st_ctime_ns")}
    seq = [*fields.values(), *(ns[f"{n}_ns"] // 10**9 for n in ("st_atime", "st_mtime", "st_ctime")),
           *(ns[f"{n}_ns"] / 1e9 for n in ("st_atime", "st_mtime", "st_ctime")), *ns.values()]
    return os.stat_result(seq)


@pytest.fixture
def coarse_times(monkeypatch):
    """The key files' folder keeps times in 2-second ticks (the test starts well inside one)."""
    real_stat, real_fstat = os.stat, os.fstat
    monkeypatch.setattr(os, "stat", lambda *a, **k: _coarse(real_stat(*a, **k)))
    monkeypatch.setattr(os, "fstat", lambda *a, **k: _coarse(real_fstat(*a, **k)))
    if time.time_ns() % TICK_NS > TICK_NS // 2:
        time.sleep((TICK_NS - time.time_ns() % TICK_NS) / 1e9 + 0.01)


def _rotate_and_retire() -> None:
    """What IT runs on the centre's host: ``entry-key rotate``, then ``entry-key retire 1`` (a
    database of no sealed rows in memory: no file made meanwhile takes the freed inode)."""
    from counter_central import entry_key
    from counter_central.archive import ArchiveChunkRow, ArchivePartRow
    from counter_central.db import ChangeRow, EntryKeyCheck, ReceivedEntry

    engine = create_engine("sqlite://")
    for table in (ReceivedEntry, ChangeRow, EntryKeyCheck, ArchivePartRow, ArchiveChunkRow):
        table.__table__.create(engine)
    with Session(engine) as s:
        assert entry_key.rotate_key() == 2
        assert entry_key.retire_key(s, 1) == 0                                   # no row sealed under 1
    engine.dispose()


def test_a_retired_entry_key_version_is_not_handed_out_after_another_process_rotated_and_retired(
        tmp_path, monkeypatch, coarse_times):
    from counter_central import entry_key
    from counter_central.db import ChangeRow, EntryKeyCheck, ReceivedEntry, SetAsidePayload

    path = tmp_path / "keys" / "entry-key"
    monkeypatch.setenv(entry_key.KEY_ENV, str(path))
    engine = create_engine(f"sqlite:///{tmp_path / 'centre.sqlite3'}")
    ReceivedEntry.__table__.create(engine)
    ChangeRow.__table__.create(engine)
    SetAsidePayload.__table__.create(engine)       # (the status counts the rows set aside, c0035)
    EntryKeyCheck.__table__.create(engine)         # (the sealer records the key check value, c0036)
    from counter_central.archive import ArchiveChunkRow, ArchivePartRow

    ArchivePartRow.__table__.create(engine)        # (a retirement seals the archive packages' parts again, c0037)
    ArchiveChunkRow.__table__.create(engine)
    try:
        assert sorted(entry_key.entry_keys(create=True).keys) == [1]              # the centre read it
        for in_process in (False, True):
            if in_process:                                                       # ... or in this one
                monkeypatch.setattr(entry_key.KEY_FILE, "_reads", {})
                assert entry_key.rotate_key() == 3
                with Session(engine) as s:
                    assert entry_key.retire_key(s, 2) == 0
            else:
                other = multiprocessing.get_context("fork").Process(target=_rotate_and_retire)
                other.start()
                other.join(30)
                assert other.exitcode == 0
            newest = 3 if in_process else 2
            assert sorted(entry_key.entry_keys().keys) == [newest]
            with Session(engine) as s:
                assert entry_key.sealer(s).seal("row-1", "{}")[0] == newest
                assert [v["version"] for v in entry_key.key_status(s)["versions"]] == [newest]
    finally:
        engine.dispose()


def test_the_person_key_is_read_again_when_rewritten_in_place_within_the_same_tick(tmp_path, monkeypatch,
                                                                                  coarse_times):
    """A key file put back in place (``cp`` over it: the same inode) by IT restoring a backup."""
    from counter_central import samecase

    path = tmp_path / "person-key"
    monkeypatch.setenv(samecase.KEY_ENV, str(path))
    old, new = "1:" + "11" * 32 + "\n", "1:" + "22" * 32 + "\n"
    path.parent.mkdir(exist_ok=True)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT, 0o600)
    os.write(fd, old.encode("ascii"))
    os.close(fd)
    assert samecase.person_key() == bytes.fromhex("11" * 32)
    with open(path, "r+", encoding="ascii") as fh:             # same inode, same size, same tick
        fh.write(new)
    assert samecase.person_key() == bytes.fromhex("22" * 32)
