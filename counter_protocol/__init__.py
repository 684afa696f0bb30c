"""The protocol shared by the counter (``counter_app``) and the central service (``counter_central``).

Both sides depend on this package; neither imports the other. It holds what crosses the wire:
the sync models, canonical JSON and the payload digest, document numbers, case states and their
transitions, the export format, the identifier checks (证件号码、统一社会信用代码), and the
registry and 电子社保卡 request/response models; and, as both programs' headless commands are
scripted against too, the command-line value types they share (``cli_args``).
It imports no Qt, no SQLAlchemy and no I/O library.
"""

#: The release: one version for the counter and the centre (four numeric parts, UOS app-store
#: rule). Written only here; pyproject.toml, counter_app, counter_central, the .deb and the
#: Windows installer read it.
__version__ = "0.1.0.0"
