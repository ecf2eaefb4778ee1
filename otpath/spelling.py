"""The known answers nearest to one a person typed, for an error to say "did you mean".

A person types what their world calls a thing ("HCPC physiotherapist", "public schools");
the profile knows it by other words. An error that names the nearest known answer saves
them reading the whole list of allowed ones.

    >>> words = {"schools": "schools", "school based": "schools", "acute care": "acute"}
    >>> nearest("public schools", words), nearest("acute", words), nearest("astronaut", words)
    (['schools'], ['acute'], [])
    >>> did_you_mean("public schools", words), did_you_mean("astronaut", words)
    (' (did you mean schools?)', '')
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

from rapidfuzz import fuzz, process

__all__ = ["did_you_mean", "nearest"]


def nearest(text: str, spellings: Mapping[str, str], *, most: int = 2) -> list[str]:
    """The answers whose spellings (``spelling -> answer``, matched in any case) are
    nearest to ``text``, best first, at most ``most``.

    Nearest first: a word of the text that is a spelling ("HCPC physiotherapist" ->
    "physiotherapist"), then spellings like the whole text (rapidfuzz's ratio of 70 or
    more: "Untied Kingdom"), then a spelling the text begins ("physio").
    """
    typed = " ".join(text.lower().split())
    known = {spelling.lower(): answer for spelling, answer in spellings.items()}
    words = [word for word in typed.split() if word in known]
    begun = [s for s in known if len(typed) >= 4 and s.startswith(typed)]
    close = [s for s, _, _ in process.extract(typed, list(known), scorer=fuzz.ratio, limit=most * 4, score_cutoff=70)]
    return list(dict.fromkeys(known[s] for s in (*words, *close, *begun)))[:most]


def did_you_mean(
    text: str, spellings: Mapping[str, str], *, most: int = 2, say: Callable[[str], str] = str
) -> str:
    """``" (did you mean A or B?)"`` for the :func:`nearest` answers (each as ``say``
    writes it), to follow "unknown ... 'text'" in an error; ``""`` when none is near."""
    found = nearest(text, spellings, most=most)
    return f" (did you mean {' or '.join(say(a) for a in found)}?)" if found else ""
