"""The rules every new password must meet (OWASP ASVS 5.0 6.2.1, 6.2.4 and 6.2.11).

One function, ``check_new_password``, is called by every operation that sets a password:
the own change, an administrator creating an account, and the CLI (create, set-password).
"""

from __future__ import annotations

import itertools
import re
import string
from pathlib import Path

from flask_babel import gettext as _

from app.domain import DomainError
from app.forms_common import PASSWORD_MAX, PASSWORD_MIN

COMMON_PASSWORDS_FILE = Path(__file__).with_name("common_passwords.txt")
# Digits, punctuation and spaces people put around a common word ("Passwort2026!").
DECORATION = string.digits + string.punctuation + " "
# The product's and the council's names, letters only (the hyphen of "IT-Planungsrat" is
# removed with every other non-letter before comparing).
PRODUCT_WORDS = ("gremienportal", "itplanungsrat", "planungsrat")
# Shorter words of a name or an address ("Li", "de") would refuse too many good passwords.
CONTEXT_WORD_MIN = 4
MIN_DISTINCT_CHARACTERS = 4
REPEATED_UNIT = re.compile(r"(.+?)\1+", re.DOTALL)
WORD_SEPARATORS = re.compile(r"[\W_]+")


def _read_common_passwords() -> frozenset[str]:
    lines = COMMON_PASSWORDS_FILE.read_text(encoding="utf-8").splitlines()
    return frozenset(line.strip() for line in lines if line.strip() and not line.startswith("#"))


COMMON_PASSWORDS = _read_common_passwords()


def check_new_password(password: str, *, email: str, name: str, field: str) -> None:
    """Refuse a new password that breaks a rule, with a German message at ``field``."""
    problem = password_problem(password, email=email, name=name)
    if problem is not None:
        raise DomainError(problem, field=field)


def password_problem(password: str, *, email: str, name: str) -> str | None:
    """Why this password may not be used by the account with this address and name, or None."""
    if not PASSWORD_MIN <= len(password) <= PASSWORD_MAX:
        return _(
            "Das Passwort muss %(min)d bis %(max)d Zeichen lang sein.",
            min=PASSWORD_MIN,
            max=PASSWORD_MAX,
        )
    lowered = password.lower()
    if _is_trivial(lowered):
        return _(
            "Das Passwort ist zu einfach: Es besteht aus Wiederholungen, aus einer Folge wie "
            "„123456…“ oder „abcdef…“ oder aus zu wenigen verschiedenen Zeichen."
        )
    if _is_product_name(lowered):
        return _(
            "Das Passwort darf nicht im Wesentlichen aus dem Namen des Portals oder des "
            "IT-Planungsrats bestehen."
        )
    if any(word in lowered for word in _context_words(email, name)):
        return _("Das Passwort darf weder den Namen noch die E-Mail-Adresse des Kontos enthalten.")
    if _is_common(lowered):
        return _(
            "Dieses Passwort ist zu leicht zu erraten: Es gehört (auch mit Ziffern oder Zeichen "
            "davor oder dahinter) zu den häufig verwendeten Passwörtern."
        )
    return None


def _is_trivial(lowered: str) -> bool:
    """One character or one short unit repeated, a run like 1234… or abcd…, or very few
    different characters."""
    return (
        len(set(lowered)) < MIN_DISTINCT_CHARACTERS
        or REPEATED_UNIT.fullmatch(lowered) is not None
        or _is_run(lowered)
    )


def _is_run(lowered: str) -> bool:
    """Each character one above (or each one below) the one before; digits wrap 9 → 0."""
    steps = {_step(a, b) for a, b in itertools.pairwise(lowered)}
    return steps in ({1}, {-1})


def _step(a: str, b: str) -> int:
    if a in string.digits and b in string.digits:  # not isdigit(): "²" is no int()
        return (int(b) - int(a) + 5) % 10 - 5
    return ord(b) - ord(a)


def _is_product_name(lowered: str) -> bool:
    """The product's or the council's name with nothing but digits, punctuation or up to
    three letters added ("Gremienportal2026", "IT-Planungsrat!")."""
    letters = "".join(character for character in lowered if character.isalpha())
    remainder = letters
    for word in PRODUCT_WORDS:
        remainder = remainder.replace(word, "")
    return remainder != letters and len(remainder) < CONTEXT_WORD_MIN


def _context_words(email: str, name: str) -> set[str]:
    """The account's e-mail address, its local part and the words of both and of the name."""
    email = email.strip().lower()
    local_part = email.split("@", 1)[0]
    words = {email, local_part}
    words.update(WORD_SEPARATORS.split(local_part))
    words.update(WORD_SEPARATORS.split(name.strip().lower()))
    return {word for word in words if len(word) >= CONTEXT_WORD_MIN}


def _is_common(lowered: str) -> bool:
    """On the list, whole or with the digits and punctuation around it removed."""
    core = lowered.strip(DECORATION)
    return lowered in COMMON_PASSWORDS or (
        len(core) >= CONTEXT_WORD_MIN and core in COMMON_PASSWORDS
    )
