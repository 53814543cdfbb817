"""Text matching of the de-identification guard, without the ORM.

What a text holds of a person's name, aliases, birth date, street line or
contacts, however it is written: in any case or word order, without accents,
invisible characters or look-alike letters, in HTML text and attributes. The
guard (``focus.deidentified.mixin``) builds a matcher per situation; the repeat
key (``normalise_name``) shares ``name_words``.
"""

import re
import unicodedata
from datetime import date

from anyascii import anyascii
from lxml import etree
from lxml import html as lxml_html

from odoo.tools import html2plaintext


def name_words(text):
    """The words of ``text`` in lower case, without accents or punctuation.

    The one normalisation of names: the repeat key (``normalise_name``) and the
    de-identification guard both use it, so 'DOE, Zoé' and 'zoe doe' are the same.
    """
    text = unicodedata.normalize("NFKD", text or "")
    text = "".join(c for c in text if not unicodedata.combining(c))
    return "".join(c if c.isalnum() else " " for c in text.lower()).split()


# Name parts shorter than this are not looked for on their own (initials, "Li"...);
# the full name still is.
NAME_PART_MIN_LENGTH = 3
# Ordinary words that are also names or parts of names ("Will Young", "Rose Hope",
# "Family of two young children"): looked for only as part of the full name, so an
# ordinary sentence does not raise. Lower case, without accents.
COMMON_WORDS = frozenset(
    """
    a about above after again against age aged all also am an and any april are
    around as at august away baby back bad be because been before being below best
    better between big bill bird black blue both boy boys bright brother brown
    but by call called came can care case child children church city close cold
    come common could court cross dad daughter day days dean december demo did
    do does doing down drive during each early east end even every fair fall
    family far father february few field fields fine first five for forest four
    free friday friend from full gay get gift girl girls give go going gold golden
    good grace gray great green grey guy had hall hand happy hard has have having
    he heart her here hers herself high hill him himself his home hope hour house
    how hunt i if in into is it its itself january joy july june just keen kind
    king knight lake lane last late lee left less like little live lives living
    long love low main man march mark mason may me member members middle miller
    mine mom monday month more most mother mr mrs ms much mum must my myself near
    new newman next nice night nine no none nor north not now of off often old on
    once one only or other our ours out over own page park parker parks partner
    people person place pool power price queen rich right river road rock rose
    said same saturday school second see september seven she should sister six
    small so some son south spring stone street strong summer sunday sweet take
    teen ten than that the their theirs them then there these they thing third
    this those three through thursday to today too town tuesday two under unit
    until up upon us very wall walker ward water way we wednesday week well were
    west what when where which white who whom why will winter with wood woods
    would year years yes you young your yours youth
    adult doctor entry example female known male men name names neighbour
    neighbor nurse sample student teacher tenant test unknown woman women
    """.split()
)
MONTHS = (
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
)
EMAIL_RE = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
# A run of digits with the separators of written phone numbers: "(555) 010-2030".
PHONE_RE = re.compile(r"\+?\d[\d\s().\-/]*\d")
PHONE_MIN_DIGITS = 6


APOSTROPHES_RE = re.compile(r"['\u2019]")


# Letters of other scripts drawn like Latin ones, which transliteration would
# turn into another letter (Cyrillic "р" reads "r" but looks like "p"): the part
# of Unicode's confusables that disguises Latin names. Other look-alikes
# transliterate to the Latin letter they look like.
LOOKALIKES = str.maketrans(
    {
        "а": "a", "в": "b", "с": "c", "е": "e", "һ": "h", "і": "i", "ј": "j",
        "к": "k", "м": "m", "н": "h", "о": "o", "р": "p", "ԛ": "q", "ѕ": "s",
        "т": "t", "у": "y", "ԝ": "w", "х": "x", "ү": "y", "ԁ": "d", "ɡ": "g",
        "А": "A", "В": "B", "С": "C", "Е": "E", "Н": "H", "І": "I", "Ј": "J",
        "К": "K", "М": "M", "О": "O", "Р": "P", "Ѕ": "S", "Т": "T", "Х": "X",
        "У": "Y", "Ү": "Y", "Ԝ": "W",
        "α": "a", "β": "b", "ε": "e", "η": "n", "ι": "i", "κ": "k", "ν": "v",
        "ο": "o", "ρ": "p", "τ": "t", "υ": "u", "χ": "x", "ω": "w",
        "Α": "A", "Β": "B", "Ε": "E", "Η": "H", "Ι": "I", "Κ": "K", "Μ": "M",
        "Ν": "N", "Ο": "O", "Ρ": "P", "Τ": "T", "Υ": "Y", "Χ": "X", "Ζ": "Z",
    }
)  # fmt: skip


def _visible(text):
    """The text as it reads: compatibility forms folded (NFKC: full-width letters,
    ligatures), invisible format characters (zero-width spaces and joiners, soft
    hyphens, direction marks) removed."""
    text = unicodedata.normalize("NFKC", text or "")
    return "".join(c for c in text if unicodedata.category(c) != "Cf")


def spellings(text):
    """The ways a text may spell a name: as written and without apostrophes ("St.
    Anne's" = "St Annes"), by the Latin letters its look-alike letters are drawn
    like (a skeleton), and transliterated into Latin letters."""
    text = _visible(text)
    spellings = {text, APOSTROPHES_RE.sub("", text)}
    if not text.isascii():
        for spelling in list(spellings):
            spellings.add(anyascii(spelling.translate(LOOKALIKES)))
            spellings.add(anyascii(spelling))
    return spellings


def html_text(value):
    """What a reader can get out of an HTML text: its text, its text nodes run
    together (a name split by tags, "Ro<b>bin</b>"), and its attribute values
    (``title``, ``alt``, ``href``...)."""
    plain = html2plaintext(str(value))
    try:
        root = lxml_html.fragment_fromstring(str(value), create_parent="div")
    except (etree.ParserError, ValueError):
        return plain
    attributes = [
        value
        for element in root.iter()
        if isinstance(element.tag, str)
        for value in element.attrib.values()
    ]
    return "\n".join([plain, "".join(root.itertext()), *attributes])


def _date_phrases(birth_date):
    """The word sequences of the common written forms of a date.

    ISO (2009-09-09), day/month/year and month/day/year with or without leading
    zeros, and "9 September 2009", "September 9, 2009", "9th Sep 2009".
    """
    if not isinstance(birth_date, date):
        return set()
    year = str(birth_date.year)
    days = {str(birth_date.day), f"{birth_date.day:02d}"}
    months = {str(birth_date.month), f"{birth_date.month:02d}"}
    phrases = set()
    for day in days:
        for month in months:
            phrases |= {(year, month, day), (day, month, year), (month, day, year)}
    suffix = (
        "th"
        if 11 <= birth_date.day <= 13
        else {1: "st", 2: "nd", 3: "rd"}.get(birth_date.day % 10, "th")
    )
    spoken_days = days | {f"{birth_date.day}{suffix}"}
    name = MONTHS[birth_date.month - 1]
    for month in {name, name[:3], name[:4]}:
        for day in spoken_days:
            phrases |= {(day, month, year), (month, day, year)}
    return phrases


class DeidentifiedMatcher:
    """What to look for in a text: word sequences, names in any order, contacts."""

    def __init__(self, known_words=()):
        # Name parts not looked for on their own: the names of the people the text
        # rightly names (the attendees in minutes), a full name still is.
        self.known_words = frozenset(known_words)
        self.phrases = set()  # word tuples, in order
        self.names = set()  # sorted word tuples: a full name in any word order
        self.phones = set()  # digit strings
        self.emails = set()  # lower case

    def __bool__(self):
        return bool(self.phrases or self.names or self.phones or self.emails)

    def _finds_words(self, words):
        for size in {len(phrase) for phrase in self.phrases}:
            windows = {tuple(words[i : i + size]) for i in range(len(words) - size + 1)}
            if windows & self.phrases:
                return True
        for size in {len(name) for name in self.names}:
            windows = {
                tuple(sorted(words[i : i + size])) for i in range(len(words) - size + 1)
            }
            if windows & self.names:
                return True
        return False

    def add_name(self, name):
        for spelling in spellings(name):
            words = name_words(spelling)
            if len(words) > 1:
                self.names.add(tuple(sorted(words)))
            for word in words:
                if (
                    len(word) >= NAME_PART_MIN_LENGTH
                    and not word.isdigit()
                    and word not in COMMON_WORDS
                    and word not in self.known_words
                ):
                    self.phrases.add((word,))

    def add_aliases(self, aliases):
        for alias in re.split(r"[,;/\n]", aliases or ""):
            self.add_name(alias)

    def add_birth_date(self, birth_date):
        self.phrases |= _date_phrases(birth_date)

    def add_address(self, address):
        """The street line: its number and street words, and the street words."""
        line = next(
            (part for part in re.split(r"[\n,]", address or "") if part.strip()), ""
        )
        for spelling in spellings(line):
            words = name_words(spelling)
            if words:
                self.phrases.add(tuple(words))
            if len(words) > 2 and any(c.isdigit() for c in words[0]):
                self.phrases.add(tuple(words[1:]))

    def add_contact(self, contact):
        for value in re.split(r"[,;\n]|\s/\s", contact or ""):
            emails = EMAIL_RE.findall(value)
            if emails:
                self.emails |= {email.lower() for email in emails}
                continue
            digits = re.sub(r"\D", "", value)
            if len(digits) >= PHONE_MIN_DIGITS:
                self.phones.add(digits)
                continue
            words = name_words(value)
            if any(word not in COMMON_WORDS for word in words):
                self.phrases.add(tuple(words))

    def add_phrase(self, phrase):
        for spelling in spellings(phrase):
            words = name_words(spelling)
            if words:
                self.phrases.add(tuple(words))

    def finds(self, text):
        """Whether ``text`` holds one of the details (whole words only)."""
        if not text:
            return False
        for spelling in spellings(text):
            if self._finds_words(name_words(spelling)):
                return True
        if self.emails and {e.lower() for e in EMAIL_RE.findall(text)} & self.emails:
            return True
        for run in PHONE_RE.findall(text) if self.phones else ():
            digits = re.sub(r"\D", "", run)
            if len(digits) < PHONE_MIN_DIGITS:
                continue
            for phone in self.phones:
                # "+1 555 010 2030" and "555-010-2030" are the same number.
                if digits.endswith(phone) or phone.endswith(digits):
                    return True
        return False
