"""`batch --anonymise`: stable pseudonyms instead of names, for reports that leave the house.

A person's pseudonym is a keyed hash of their name (BLAKE2b, keyed with a random salt kept
in the output folder, `SALT_FILE`): the same name gets the same pseudonym in every run into
that folder, and nobody without the salt can test a guess of a name against a pseudonym.
"""

from __future__ import annotations

import hashlib
import secrets
import unicodedata
from pathlib import Path

from webskills.files.atomic import atomic_write_text
from webskills.i18n import _

SALT_FILE = ".webskills-pseudonymes"
_DIGITS = 8  # hex digits: 32 bits, a collision about once in 90,000 pairs of 10,000 people


class Pseudonyms:
    def __init__(self, salt: bytes) -> None:
        self._salt = salt
        self._known: dict[str, str] = {}

    @classmethod
    def of_folder(cls, target: Path, folder: Path) -> Pseudonyms:
        """The salt of `target` (an earlier run's), else a new one written into `folder`."""
        for place in (target, folder):
            try:
                salt = bytes.fromhex((place / SALT_FILE).read_text(encoding="ascii").strip())
            except (OSError, ValueError):
                continue
            if len(salt) >= 16:
                return cls(salt)
        salt = secrets.token_bytes(16)
        atomic_write_text(folder / SALT_FILE, salt.hex() + "\n")  # OutputError if it fails
        return cls(salt)

    def of(self, name: str) -> str:
        """« Personne 1A2B3C4D »: the same for the same name (case and spacing aside)."""
        known = self._known.get(name)
        if known is None:
            key = " ".join(unicodedata.normalize("NFC", name).casefold().split())
            digest = hashlib.blake2b(key.encode(), key=self._salt, digest_size=8).hexdigest()
            known = self._known[name] = _("Personne {code}").format(code=digest[:_DIGITS].upper())
        return known

    def scrub(self, text: str, names: list[str]) -> str:
        """`text` with each of `names` replaced by its pseudonym."""
        forms = {form: name for name in names for form in (name, " ".join(name.split()))}
        for form in sorted((f for f in forms if f.strip()), key=len, reverse=True):
            text = text.replace(form, self.of(forms[form]))
        return text
