"""The authorization matrix's declarations, one module per app (tests/security/matrix.py joins them)."""

from __future__ import annotations
