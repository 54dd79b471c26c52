"""What a coach or a client reads: one place for words and number formats.

Pure (no Django): pages, services and the plan all format through here.
"""

from __future__ import annotations

SIDE_WORDS = {"left": "left leg only", "right": "right leg only", "both": "each side"}
