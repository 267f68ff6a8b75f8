"""What OCR reads in a figure's place: digits spelt with look-alike letters, and the mark of an unreadable cell."""
from __future__ import annotations

import re

UNREADABLE = "?"  # what a cell with only faint ink reads as (the parser notes it as unreadable, never as blank)
LOOKALIKE_CONF = 0.5  # score given to a figure read with letters that look like digits ("1O" → "10")
_LOOKALIKES = str.maketrans({"O": "0", "o": "0", "D": "0", "l": "1", "I": "1", "|": "1", "S": "5", "B": "8",
                             "。": "0", "〇": "0", "○": "0", "°": "0"})
FIGURE = re.compile(r"^[0-9０-９.,，/\\\-—－]+$")
NEAR_FIGURE = re.compile(r"^(?=.*[0-9])[0-9OoDlI|SB.,]+$")
_LOOKALIKE_ONLY = re.compile(r"^[OoDlI|。〇○°]{1,2}$")


def figure_text(text: str, conf: float, alone: bool = False) -> tuple[str, float]:
    """A figure spelt with look-alike letters ("1O"; "o" alone in a cell) as digits, with a low score to be named."""
    near = NEAR_FIGURE.match(text) or (alone and _LOOKALIKE_ONLY.match(text))
    if near and not FIGURE.match(text):
        return text.translate(_LOOKALIKES), min(conf, LOOKALIKE_CONF)
    return text, conf
