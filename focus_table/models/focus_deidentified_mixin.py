"""Keep identifying details out of de-identified texts.

Summaries, notes, minutes and actions are read by every agency at the table; the
names and addresses of the persons involved are read by those who need to know
only (security/THREAT_MODEL.md). Names leak into the de-identified texts by habit
("call Mrs Patel"); this guard refuses such a save and logs the attempt, without
the text. The text matching itself is in ``tools/deidentify.py``.
"""

import logging

import psycopg2
from markupsafe import Markup

from odoo import SUPERUSER_ID, api, models, modules
from odoo.exceptions import UserError, ValidationError
from odoo.tools import SQL

from ..tools.deidentify import (
    DeidentifiedMatcher,
    html_text,
    name_words,
    spellings,
)

_logger = logging.getLogger(__name__)

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
    def _identity_rows(self, situations):
        """The values the guard looks for, of the identities of ``situations``.

        sudo: the identity records are read here to compare them with the text and
        are never returned; reading as superuser writes no access-log entry
        (``focus.situation.identity._fetch_query`` logs only non-superuser reads),
        which is right, as nobody is shown anything: this check is not a
        disclosure. They are read in SQL, out of the ORM cache, so that no later
        read of the request finds them there unlogged.
        """
        if not situations:
            return []
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
        return self.env.cr.fetchall()

    @api.model
    def _matchers_from_rows(self, rows, known_names=()):
        """One matcher per situation of ``rows`` (see ``_identity_rows``)."""
        known_words = {
            word
            for name in known_names
            for spelling in spellings(name)
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
        return [
            (Situation.browse(situation_id), matcher)
            for situation_id, matcher in by_situation.items()
            if matcher
        ]

    @api.model
    def _deidentified_matchers(self, situations, tables, known_names=()):
        """One matcher per situation, and one for the tables' word lists."""
        matchers = self._matchers_from_rows(
            self._identity_rows(situations), known_names
        )
        words = DeidentifiedMatcher()
        # sudo: the word list is configuration of the table, read to compare only.
        for table in tables.sudo():
            for line in (table.deidentified_words or "").splitlines():
                words.add_phrase(line)
        if words:
            matchers.append((self.env["focus.situation"], words))
        return matchers

    def _deidentified_hit(self, text, known_names=()):
        """The situation whose detail ``text`` holds, or None (for one record)."""
        self.ensure_one()
        if not text.strip():
            return None
        # sudo: finds the situations and tables that apply (an agenda the writer
        # may not read in full); only their identifiers are used.
        record = self.sudo()
        situations = record._deidentified_situations()
        for situation, matcher in self._deidentified_matchers(
            self._identities_known_to_writer(situations),
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

        The identities are read once, the records and their mail records by one
        search per model. sudo: the texts and the identities are compared,
        nothing is returned.
        """
        rows = self._identity_rows(situations)
        if not rows:
            return []
        found = []
        guarded = self.env.registry.descendants(
            ["focus.deidentified.mixin"], "_inherit"
        )
        for model_name in guarded:
            Model = self.env[model_name].sudo()
            if Model._abstract or not Model._deidentified_fields:
                continue
            records = Model.search(Model._deidentified_domain(situations))
            if not records:
                continue
            mails = self._mail_records_of(records)
            for record in records:
                applying = (record._deidentified_situations() & situations).ids
                matchers = self._matchers_from_rows(
                    [row for row in rows if row[0] in applying],
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
                for mail in mails.get(record.id, ()):
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

    @api.model
    def _mail_records_of(self, records):
        """{record id: its messages, attachments and activities} (sudo)."""
        mails = {}
        sources = [
            (self.env["ir.attachment"], "res_model", "res_id"),
            (self.env["mail.activity"], "res_model", "res_id"),
        ]
        if "message_ids" in records._fields:
            sources.append((self.env["mail.message"], "model", "res_id"))
        for Mail, model_field, id_field in sources:
            for mail in Mail.sudo().search(
                [(model_field, "=", records._name), (id_field, "in", records.ids)]
            ):
                mails.setdefault(mail[id_field], []).append(mail)
        return mails

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
