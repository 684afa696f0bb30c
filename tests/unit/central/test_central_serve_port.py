"""`counter-central serve` on a port that is taken: a Chinese sentence saying what to do beside
uvicorn's English log line, and a non-zero exit (the IT review: only the English line)."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]


def test_a_taken_port_is_said_in_chinese(tmp_path):
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen(1)
        port = taken.getsockname()[1]
        env = {**os.environ, "PYTHONPATH": str(ROOT)}
        done = subprocess.run([sys.executable, "-m", "counter_central", "serve", "--host", "127.0.0.1",
                               "--port", str(port), "--db", f"sqlite:///{tmp_path / 'c.sqlite3'}"],
                              capture_output=True, text=True, timeout=120, env=env, cwd=tmp_path)
    assert done.returncode != 0
    assert f"中心服务未能启动：无法在 127.0.0.1:{port} 上监听" in done.stderr
    assert "Traceback" not in done.stderr
