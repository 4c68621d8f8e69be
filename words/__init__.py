"""Every sentence a person reads, in French (the default) or English, from one catalogue.

Analysis and ingest return kinds and numbers; where a person will read something they
return a :class:`Said` (a catalogue key and its values). Pages, the report and the
command lines render it with :meth:`Said.say` or :func:`say` in the reader's language.
The sentences are in ``words/*.toml``; numbers and dates are written by
:mod:`words.numbers`.
"""

from words.catalogue import Said, placeholders, said, say, sentences
from words.numbers import LANGS, Lang, day, euros, number, percent

__all__ = [
    "LANGS",
    "Lang",
    "Said",
    "day",
    "euros",
    "number",
    "percent",
    "placeholders",
    "said",
    "say",
    "sentences",
]
