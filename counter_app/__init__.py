"""深圳社保窗口柜面客户端 — counter-service client for workers' basic old-age insurance windows."""

__version__ = "0.1.0.0"
APP_NAME = "counter-app"
APP_AUTHOR = "szsi"
