"""How keys are made from names: ASCII slugs for bodies and their URLs."""

from __future__ import annotations

import re
import unicodedata

_TRANSLITERATION = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss"})
# The length of a body's key column (bodies.key).
KEY_MAX_LENGTH = 100


def slugify(value: str) -> str:
    """A lower-case ASCII slug: umlauts transliterated, everything else to hyphens."""
    value = unicodedata.normalize("NFKD", value.lower().translate(_TRANSLITERATION))
    value = value.encode("ascii", "ignore").decode("ascii")
    return re.sub(r"[^a-z0-9]+", "-", value).strip("-")
