"""Land-class codes (地类编码, GB/T 21010-2017) in the four-digit text form planmaint matches: '0101', '0301'.

Codes lose their leading zero on the way through a spreadsheet or a numeric field: 0101 becomes the number
101, or the text '101'. Classes are matched by code prefix ('01' cultivated, '03' forest), so such a code
falls into no class, or into the wrong one ('101' begins like '10', transport land), and the rows counting
that class come out 0 with no word. ``normalise_codes`` gives every code its four-digit form back and says
how many it changed, so the caller can warn.

The rule, per value. Every level of a code has two digits (class 01, subclass 0101, the sub-codes of some
surveys 010101; the third land survey also uses two-digit classes such as 09 特殊用地), so:

- A whole number (101, 101.0, '101', '101.0') with an odd number of digits lost its leading zero and gets it
  back: 101 → 0101, 9 → 09, 10101 → 010101. An even number of digits is a code as it is: 1001 → '1001'.
- Letters after the digits stay (the third land survey's 05H1, 08H2 and adjustable classes 0201K; '201K' →
  '0201K').
- Anything else cannot be a code of the standard: an odd number of digits that begins with 0 (the old
  three-digit codes 011, 031 of the 1984 classification, which must not be mixed in), more than six digits,
  text without leading digits, fractions, numbers under 1, booleans. It is kept as it reads, matches no
  class, and is counted so the caller can name it.
- Missing values (None, blank text) stay missing ('').

Pure: no qgis. NULLs are the caller's to turn into None.
"""
import re
from dataclasses import dataclass

import numpy as np

CULTIVATED_CODES = ("0101", "0102", "0103")  # 耕地: paddy, irrigated, dry land (GB/T 21010)
CODE_LENGTHS = (2, 4, 6)  # classes, subclasses of GB/T 21010, and the sub-codes of some surveys
# Digits, then an optional suffix that is not a digit (K of an adjustable class).
_CODE = re.compile(r"^(\d+)(\D.*)?$")
_WHOLE = re.compile(r"^(\d+)\.0*$")  # a whole number written by a spreadsheet: 101.0

MISSING, SAME, CHANGED, UNREADABLE = range(4)


@dataclass
class LandCodes:
    """Codes read from one field: ``codes`` (text, '' where missing), how many values ``changed`` form,
    the positions of the values that cannot be a code (``unreadable``), and one example of each:
    ``example`` (value as read, code) and ``unreadable_example`` (value as read), or None."""

    codes: np.ndarray
    changed: int = 0
    unreadable: np.ndarray = None
    example: tuple = None
    unreadable_example: object = None

    @property
    def needed(self):
        """Whether anything was changed or cannot be read: a reason to tell the user."""
        return bool(self.changed or len(self.unreadable))


def _from_digits(text, digits, suffix):
    """The code of ``digits`` + ``suffix`` read from ``text``: an odd number of digits without a leading zero
    lost that zero (every level of a code has two digits: class 01, 0101, sub-code 010101)."""
    if len(digits) > max(CODE_LENGTHS) + 1:
        return text, UNREADABLE
    if len(digits) % 2 == 0:
        code = digits + suffix
    elif not digits.startswith("0"):
        code = "0" + digits + suffix
    else:
        return text, UNREADABLE  # an old code of the 1984 classification (011, 031): no zero is missing
    if len(code) - len(suffix) > max(CODE_LENGTHS):
        return text, UNREADABLE
    return code, SAME if code == text else CHANGED


def normalise_code(value):
    """(code, status) of one value: MISSING, SAME, CHANGED (to the four-digit form) or UNREADABLE."""
    if value is None:
        return "", MISSING
    if isinstance(value, (bool, np.bool_)):
        return str(value), UNREADABLE
    if isinstance(value, (int, np.integer)):
        text = str(int(value))
        return _from_digits(text, text, "") if value > 0 else (text, UNREADABLE)
    if isinstance(value, (float, np.floating)):
        text = str(value)
        if not np.isfinite(value) or value <= 0 or not float(value).is_integer():
            return text, UNREADABLE
        code, status = _from_digits(text, str(int(value)), "")
        return code, CHANGED if status == SAME else status  # 1001.0 reads 1001
    text = str(value).strip()
    if not text:
        return "", MISSING
    whole = _WHOLE.match(text)
    if whole:
        code, status = _from_digits(text, whole.group(1), "")
        return code, CHANGED if status == SAME and code != text else status
    match = _CODE.match(text)
    if not match:
        return text, UNREADABLE
    return _from_digits(text, match.group(1), match.group(2) or "")


def _distinct_codes(values):
    """{value: (code, status)} of the distinct values, or None when values of different kinds would meet as
    one key (1, 1.0 and True are equal keys, but 1.0 changes form and True is no code)."""
    try:
        distinct = dict.fromkeys(values)
    except TypeError:  # a value that cannot be a key (a list from a list field)
        return None
    if len({type(v) for v in distinct} - {str, type(None)}) > 1:
        return None
    return {value: normalise_code(value) for value in distinct}


def normalise_codes(values):
    """``LandCodes`` of a field's values (see the module doc)."""
    # A county holds a few dozen distinct codes among its parcels: each is read once.
    known = _distinct_codes(values)
    found = [known[v] for v in values] if known is not None else [normalise_code(v) for v in values]
    codes = np.empty(len(found), dtype=object)
    codes[:] = [code for code, _ in found]
    statuses = np.fromiter((status for _, status in found), dtype=np.int8, count=len(found))
    changed = np.flatnonzero(statuses == CHANGED)
    unreadable = np.flatnonzero(statuses == UNREADABLE)
    return LandCodes(
        codes=codes,
        changed=len(changed),
        unreadable=unreadable,
        example=(values[changed[0]], codes[changed[0]]) if len(changed) else None,
        unreadable_example=values[unreadable[0]] if len(unreadable) else None,
    )
