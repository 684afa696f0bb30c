"""Platform directories (platformdirs), overridable with COUNTER_APP_HOME for tests and demos."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from counter_app import APP_AUTHOR, APP_NAME


@dataclass(frozen=True)
class AppPaths:
    data_dir: Path
    config_dir: Path
    log_dir: Path
    cache_dir: Path

    @property
    def config_file(self) -> Path:
        return self.config_dir / "config.toml"

    @property
    def database_file(self) -> Path:
        return self.data_dir / "counter.sqlite3"

    def ensure(self) -> "AppPaths":
        for p in (self.data_dir, self.config_dir, self.log_dir, self.cache_dir):
            p.mkdir(parents=True, exist_ok=True)
        return self


def app_paths() -> AppPaths:
    home = os.environ.get("COUNTER_APP_HOME")
    if home:
        root = Path(home)
        return AppPaths(root / "data", root / "config", root / "log", root / "cache")
    import platformdirs

    return AppPaths(
        Path(platformdirs.user_data_dir(APP_NAME, APP_AUTHOR)),
        Path(platformdirs.user_config_dir(APP_NAME, APP_AUTHOR)),
        Path(platformdirs.user_log_dir(APP_NAME, APP_AUTHOR)),
        Path(platformdirs.user_cache_dir(APP_NAME, APP_AUTHOR)),
    )
