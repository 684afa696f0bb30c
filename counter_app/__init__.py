"""深圳社保窗口柜面客户端 — counter-service client for workers' basic old-age insurance windows."""

from counter_protocol import __version__ as __version__  # the release, written once there

APP_NAME = "counter-app"
APP_AUTHOR = "szsi"
