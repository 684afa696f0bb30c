"""Free text a clerk or field worker types that is kept and sent: the characters it may not carry
(:mod:`counter_protocol.free_text`, the same rule the centre applies to what arrives)."""

from __future__ import annotations

from counter_protocol.free_text import BIDI_CONTROLS as BIDI_CONTROLS, unsafe_characters as unsafe_characters

__all__ = ["BIDI_CONTROLS", "unsafe_characters"]
