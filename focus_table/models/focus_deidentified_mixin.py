"""Keep identifying details out of de-identified texts.

Summaries, notes, minutes and actions are read by every agency at the table; the
names and addresses of the persons involved are read by those who need to know only
(DESIGN §4). Names leak into the de-identified texts by habit ("call Mrs Patel");
this guard refuses such a save and logs the attempt, without the text.
"""

import logging
import re
import unicodedata
from datetime import date

import psycopg2
from anyascii import anyascii
from lxml import etree
from lxml import html as lxml_html
from markupsafe import Markup

from odoo import SUPERUSER_ID, api, models, modules
from odoo.exceptions import UserError, ValidationError
from odoo.tools import SQL, html2plaintext

_logger = logging.getLogger(__name__)


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


# The chatter fields of a document that its own methods fill.
THREAD_COMMAND_FIELDS = frozenset(
    {
        "message_ids",
        "website_message_ids",
        "message_follower_ids",
        "message_partner_ids",
        "activity_ids",
    }
)

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


def _spellings(text):
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
        for spelling in _spellings(name):
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
        for spelling in _spellings(line):
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
        for spelling in _spellings(phrase):
            words = name_words(spelling)
            if words:
                self.phrases.add(tuple(words))

    def finds(self, text):
        """Whether ``text`` holds one of the details (whole words only)."""
        if not text:
            return False
        for spelling in _spellings(text):
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


class FocusDeidentifiedMixin(models.AbstractModel):
    """Free texts that must stay de-identified.

    A model adopts the guard by inheriting this mixin and declaring:

    * ``_deidentified_fields``: the names of its free-text fields (Char, Text or
      Html; the text and the attributes of Html are checked) that must never hold
      identifying details;
    * ``_deidentified_situations()``: the situations whose identity records apply
      to a record (by default its ``situation_id``), and
      ``_deidentified_domain(situations)``: the records those situations apply to
      (the identities entered later re-check them).

    On ``create`` and ``write`` of those fields, the text is compared with the
    words of the table's list (``focus.table.deidentified_words``) and, for the
    situations whose identities the writer may read, with the names, aliases,
    birth dates, street lines and contact values of their identity records. A
    writer outside need-to-know is never compared with the identities: the
    answer would tell a right guess from a wrong one. Messages, attachments and
    activities of these records are checked the same way (``mail.message``,
    ``ir.attachment``, ``mail.activity``), and so is the calendar event of a
    meeting. Models whose texts rightly name members (the attendees in minutes)
    return their names from ``_deidentified_known_names()``.

    The superuser (demo data, system processes) is compared with every identity.
    """

    _name = "focus.deidentified.mixin"
    _description = "De-identified Texts"

    _deidentified_fields = ()

    # ------------------------------------------------------------------
    # What applies to a record (models override)
    # ------------------------------------------------------------------
    def _deidentified_situations(self):
        """The situations whose identifying details must stay out of this record."""
        if "situation_id" in self._fields:
            return self.situation_id
        return self.env["focus.situation"]

    @api.model
    def _deidentified_domain(self, situations):
        """The records of this model to which ``situations`` apply."""
        if "situation_id" in self._fields:
            return [("situation_id", "in", situations.ids)]
        return [("id", "=", 0)]

    def _deidentified_known_names(self):
        """Names of people this record rightly names (members, not persons at risk).

        Their name parts are not looked for on their own; an identity's full name
        still is.
        """
        return []

    def _deidentified_tables(self):
        """The tables whose word lists apply to this record."""
        if "table_id" in self._fields:
            return self.table_id
        return self.env["focus.table"]

    def _deidentified_frozen(self):
        """Whether this record takes no new message, attachment or activity."""
        return False

    # ------------------------------------------------------------------
    # CRUD: checked once the values are in place (the situations of a new
    # record are known then, and access was checked); a refusal rolls the whole
    # save back.
    # ------------------------------------------------------------------
    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            self._check_thread_commands(vals)
        records = super().create(vals_list)
        records._check_deidentified({name for vals in vals_list for name in vals})
        return records

    def write(self, vals):
        self._check_thread_commands(vals)
        res = super().write(vals)
        self._check_deidentified(set(vals))
        return res

    @api.model
    def _check_thread_commands(self, vals):
        """Messages, followers and activities are added by their own methods
        (``message_post``, ``message_subscribe``, ``activity_schedule``), which
        check who may add what; never by commands on the document's fields."""
        commands = THREAD_COMMAND_FIELDS & set(vals)
        if commands and not self.env.su:
            raise UserError(
                self.env._(
                    "%(fields)s cannot be changed by writing on %(model)s: post a "
                    "message, follow the document or schedule an activity instead.",
                    fields=", ".join(sorted(commands)),
                    model=self._description,
                )
            )

    # ------------------------------------------------------------------
    # The check
    # ------------------------------------------------------------------
    def _deidentified_text(self, value, field=None):
        if not value:
            return ""
        if (field is not None and field.type == "html") or isinstance(value, Markup):
            return html_text(value)
        return str(value)

    @api.model
    def _identities_known_to_writer(self, situations):
        """The situations whose identities the current user may read: only those
        are compared with the text. The superuser's processes know them all."""
        if self.env.uid == SUPERUSER_ID:
            return situations
        return situations.sudo()._known_to(self.env.user)

    @api.model
    def _deidentified_matchers(self, situations, tables, known_names=()):
        """One matcher per situation, and one for the tables' word lists.

        sudo: the identity records are read here to compare them with the text and
        are never returned; reading as superuser writes no access-log entry
        (``focus.situation.identity._fetch_query`` logs only non-superuser reads),
        which is right, as nobody is shown anything: this check is not a
        disclosure. They are read in SQL, out of the ORM cache, so that no later
        read of the request finds them there unlogged.
        """
        matchers = []
        rows = []
        if situations:
            self.env["focus.situation.identity"].flush_model()
            self.env.cr.execute(
                SQL(
                    """SELECT situation_id, name, aliases, birth_date, address, contact
                         FROM focus_situation_identity
                        WHERE situation_id = ANY(%s)
                        ORDER BY situation_id, id""",
                    list(situations.ids),
                )
            )
            rows = self.env.cr.fetchall()
        known_words = {
            word
            for name in known_names
            for spelling in _spellings(name)
            for word in name_words(spelling)
        }
        by_situation = {}
        for situation_id, name, aliases, birth_date, address, contact in rows:
            matcher = by_situation.setdefault(
                situation_id, DeidentifiedMatcher(known_words)
            )
            matcher.add_name(name)
            matcher.add_aliases(aliases)
            matcher.add_birth_date(birth_date)
            matcher.add_address(address)
            matcher.add_contact(contact)
        Situation = self.env["focus.situation"]
        matchers += [
            (Situation.browse(situation_id), matcher)
            for situation_id, matcher in by_situation.items()
            if matcher
        ]
        words = DeidentifiedMatcher()
        # sudo: the word list is configuration of the table, read to compare only.
        for table in tables.sudo():
            for line in (table.deidentified_words or "").splitlines():
                words.add_phrase(line)
        if words:
            matchers.append((Situation, words))
        return matchers

    def _deidentified_hit(self, text, full=False, known_names=()):
        """The situation whose detail ``text`` holds, or None (for one record).

        ``full``: compare with every identity, whoever writes (the re-check made
        when identities change, by someone who may read them).
        """
        self.ensure_one()
        if not text.strip():
            return None
        # sudo: finds the situations and tables that apply (an agenda the writer
        # may not read in full); only their identifiers are used.
        record = self.sudo()
        situations = record._deidentified_situations()
        compared = situations if full else self._identities_known_to_writer(situations)
        for situation, matcher in self._deidentified_matchers(
            compared,
            record._deidentified_tables(),
            [*record._deidentified_known_names(), *known_names],
        ):
            if matcher.finds(text):
                return situation or situations[:1]
        return None

    def _check_deidentified(self, fnames):
        """Refuse the save when a de-identified field holds an identifying detail."""
        fnames = [name for name in self._deidentified_fields if name in fnames]
        if not fnames:
            return
        for record in self:
            record._check_deidentified_values(
                {
                    record._fields[fname]._description_string(self.env): (
                        record._deidentified_text(record[fname], record._fields[fname])
                    )
                    for fname in fnames
                }
            )

    def _check_deidentified_values(self, texts, known_names=()):
        """Refuse when one of ``texts`` (label: text) holds an identifying detail.

        The texts of a message, an attachment or an activity of this record;
        ``known_names``: the names they rightly carry (their author's).
        """
        self.ensure_one()
        for label, text in texts.items():
            situation = self._deidentified_hit(
                self._deidentified_text(text), known_names=known_names
            )
            if situation is not None:
                self._refuse_identifying_detail(label, situation)

    def _check_deidentified_message(self, body=None, subject=None):
        """Refuse a chatter message whose body or subject holds identifying details."""
        for record in self:
            record._check_deidentified_values(
                {self.env._("Message"): body, self.env._("Subject"): subject}
            )

    def _refuse_identifying_detail(self, label, situation):
        """Log the blocked disclosure and refuse, naming the field, never the detail."""
        self.ensure_one()
        reason = self.env._(
            "Blocked in %(field)s of %(model)s",
            field=label,
            model=self._description,
        )
        self._log_blocked_disclosure(situation, reason)
        raise ValidationError(
            self.env._(
                "%(field)s: identifying detail found. De-identified text may not "
                "hold the names, aliases, dates of birth, addresses or contact "
                "details of the persons involved, nor the words the table keeps out "
                "of its texts. Describe them by their role instead.",
                field=label,
            )
        )

    @api.model
    def _recheck_deidentified_texts(self, situations):
        """Identities were entered or changed: look for them in the texts written
        before, and flag every hit to the chair's review (never the text, nor the
        detail). The writer of those texts may not have known them then.

        sudo: the texts and the identities are compared, nothing is returned.
        """
        found = []
        Message = self.env["mail.message"].sudo()
        guarded = self.env.registry.descendants(
            ["focus.deidentified.mixin"], "_inherit"
        )
        for model_name in guarded:
            Model = self.env[model_name].sudo()
            if Model._abstract or not Model._deidentified_fields:
                continue
            records = Model.search(Model._deidentified_domain(situations))
            for record in records:
                matchers = record._deidentified_matchers(
                    record._deidentified_situations() & situations,
                    self.env["focus.table"],
                    record._deidentified_known_names(),
                )
                if not matchers:
                    continue
                texts = [
                    (
                        record._fields[fname]._description_string(self.env),
                        record._deidentified_text(record[fname], record._fields[fname]),
                    )
                    for fname in record._deidentified_fields
                ]
                mail_records = Message.browse()
                if "message_ids" in Model._fields:
                    mail_records = Message.search(
                        [("model", "=", model_name), ("res_id", "=", record.id)]
                    )
                for Mail, domain in (
                    (self.env["ir.attachment"], [("res_model", "=", model_name)]),
                    (self.env["mail.activity"], [("res_model", "=", model_name)]),
                ):
                    mail_records = [
                        *mail_records,
                        *Mail.sudo().search([*domain, ("res_id", "=", record.id)]),
                    ]
                for mail in mail_records:
                    texts += [
                        (
                            f"{mail._fields[fname]._description_string(self.env)} "
                            f"({mail._description})",
                            mail._focus_text(fname),
                        )
                        for fname in mail._focus_guarded_fields
                    ]
                for label, text in texts:
                    hit = next(
                        (s for s, matcher in matchers if text and matcher.finds(text)),
                        None,
                    )
                    if hit is not None:
                        found.append((record, label, hit))
        for record, label, situation in found:
            record._log_blocked_disclosure(
                situation,
                self.env._(
                    "Found in %(field)s of %(model)s once the identities were entered",
                    field=label,
                    model=record._description,
                ),
                refused=False,
            )
        return found

    def _log_blocked_disclosure(self, situation, reason, refused=True):
        """Append a "blocked" entry to the access log: who, where, which field.

        Never the text or the detail. The refusal that follows (``refused``) rolls
        back the transaction, so the entry is written on a cursor of its own,
        committed on its own. Tests run in one transaction that is never
        committed and whose cursors all share it: there the entry is written on
        the current cursor, and a test sees it when it catches the error without a
        savepoint. A re-check that refuses nothing writes on the current cursor.
        """
        user = self.env.user
        vals = {
            "user_id": user.id,
            "agency_id": user.focus_agency_id.id,
            "situation_id": situation.id,
            "situation_ref": situation.name,
            "table_id": (
                situation.table_id or self.sudo()._deidentified_tables()[:1]
            ).id,
            "identity_count": 0,
            "channel": "blocked",
            "reason": reason,
        }
        Log = self.env["focus.access.log"]
        vals["request_path"] = Log._current_channel()[1]
        if modules.module.current_test or not refused:
            Log._append([vals])
            return
        try:
            with self.env.registry.cursor() as cr:
                # Rows made by the refused transaction are invisible here (and a
                # foreign key check would wait for that transaction): link to
                # committed rows only.
                for fname, table in (
                    ("user_id", "res_users"),
                    ("agency_id", "focus_agency"),
                    ("situation_id", "focus_situation"),
                    ("table_id", "focus_table"),
                ):
                    if vals[fname]:
                        cr.execute(
                            SQL(
                                "SELECT 1 FROM %s WHERE id = %s",
                                SQL.identifier(table),
                                vals[fname],
                            )
                        )
                        if not cr.fetchone():
                            vals[fname] = False
                if vals["user_id"]:
                    self.env(cr=cr)["focus.access.log"]._append([vals])
        except psycopg2.Error:
            # The refusal stands whether or not the entry could be written.
            _logger.exception("The blocked disclosure could not be logged.")
