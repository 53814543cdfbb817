"""The retention purge: identifying details deleted after a rejection or the
table's retention period, de-identified data kept."""

from collections import Counter, defaultdict
from datetime import timedelta

from markupsafe import escape

from odoo import api, fields, models
from odoo.tools import SQL
from odoo.tools.mail import generate_tracking_message_id

from .focus_step_guard import step

# Situations purged per savepoint (and per cron progress commit).
PURGE_BATCH = 500


class FocusSituationRetention(models.AbstractModel):
    """Part of ``focus.situation`` (see the module's docstring)."""

    _name = "focus.situation.retention"
    _description = "Situation: Retention Purge"

    # ------------------------------------------------------------------
    # Retention
    # ------------------------------------------------------------------
    @api.model
    def _purge_candidates(self):
        """Rejected and closed situations the purge has not passed, due today."""
        self.env.flush_all()
        # Situations the purge has passed carry its date and leave the partial
        # indexes: each table's due closings are one index range.
        today = fields.Date.context_today(self)
        cr = self.env.cr
        cr.execute(
            "SELECT id FROM focus_situation"
            " WHERE identity_purged_on IS NULL AND state = 'rejected'"
        )
        ids = [row[0] for row in cr.fetchall()]
        cr.execute("SELECT id, retention_days FROM focus_table")
        for table_id, retention_days in cr.fetchall():
            cr.execute(
                """
                SELECT id FROM focus_situation
                 WHERE identity_purged_on IS NULL AND state = 'closed'
                   AND table_id = %s AND date_closed <= %s
                """,
                [table_id, today - timedelta(days=retention_days or 0)],
            )
            ids += [row[0] for row in cr.fetchall()]
        return self.browse(sorted(ids))

    @api.model
    @step
    def _cron_purge_identities(self, batch_size=PURGE_BATCH):
        """Delete identifying details after the retention period (docs/ARCHITECTURE.md).

        Situations are purged by batches, each in its own savepoint: an interrupted
        run leaves every situation either untouched or fully purged, and a re-run
        only finds the rest. The repeat-detection keys stay on the situation.
        """
        in_cron = bool(self.env.context.get("ir_cron_progress_id"))
        candidates = self._purge_candidates()
        purged = self.browse()
        for start in range(0, len(candidates), batch_size):
            batch = candidates[start : start + batch_size]
            if in_cron and start:
                # Each batch sees what other transactions committed since the
                # run chose it: a situation re-opened meanwhile keeps its details.
                batch = batch._purge_still_due()
            with self.env.cr.savepoint():
                batch._purge_identities()
            purged |= batch
            if in_cron:
                self.env["ir.cron"]._commit_progress(len(batch))
            # A province purges hundreds of thousands: keep the cache small.
            self.env.invalidate_all()
        return purged

    def _purge_still_due(self):
        """Those of ``self`` that ``_purge_candidates`` would still choose."""
        self.env.flush_all()
        self.env.cr.execute(
            """
            SELECT s.id FROM focus_situation s
              JOIN focus_table t ON t.id = s.table_id
             WHERE s.id = ANY(%s) AND s.identity_purged_on IS NULL
               AND (s.state = 'rejected'
                    OR (s.state = 'closed'
                        AND s.date_closed <= %s::date - COALESCE(t.retention_days, 0)))
            """,
            [self.ids, fields.Date.context_today(self)],
        )
        return self.browse(sorted(row[0] for row in self.env.cr.fetchall()))

    def _purge_identities(self):
        # sudo: the purge deletes what it cannot leak; it reads hashes and counts only.
        identities = (
            self.env["focus.situation.identity"]
            .sudo()
            .search([("situation_id", "in", self.ids)])
        )
        counts = Counter()
        keys = defaultdict(set)
        for row in identities.read(["situation_id", "repeat_key"], load=None):
            counts[row["situation_id"]] += 1
            if row["repeat_key"]:
                keys[row["situation_id"]].add(row["repeat_key"])
        # Keys are stored when identities are entered; complete any that are not.
        stale = self.sudo().filtered(
            lambda s: not keys[s.id] <= set((s.repeat_keys or "").split())
        )
        stale._update_repeat_keys()
        identities.unlink()
        # The purge logs its own note: no field tracking to compute.
        self.with_context(mail_notrack=True).write(
            {"identity_purged_on": fields.Date.context_today(self)}
        )
        rejected = self.env._("the situation was rejected")
        bodies = {}
        for situation in self:
            if not counts[situation.id]:
                continue  # nothing was left to delete: the date says it was checked
            why = (
                rejected
                if situation.state == "rejected"
                else self.env._(
                    "retention period of %(days)s days after closing",
                    days=situation.table_id.retention_days,
                )
            )
            bodies[situation.id] = self.env._(
                "%(count)s identity record(s) deleted: %(why)s.",
                count=counts[situation.id],
                why=why,
            )
        if bodies:
            self._log_purge_notes(bodies)

    def _log_purge_notes(self, bodies):
        """One internal note per situation, in one INSERT.

        What ``_message_log_batch`` writes (an internal note, no notification),
        without the ORM's cost per message, which made the notes most of a
        province's purge time.
        """
        self.env.flush_all()
        author_id, email_from = self._message_compute_author()
        ids = list(bodies)
        self.env.cr.execute(
            SQL(
                """
                INSERT INTO mail_message (
                    model, res_id, body, message_type, subtype_id, is_internal,
                    author_id, email_from, message_id, date,
                    create_uid, create_date, write_uid, write_date)
                SELECT %(model)s, note.res_id, note.body, 'notification',
                       %(subtype)s, TRUE, %(author)s, %(email_from)s,
                       note.message_id, %(now)s, %(uid)s, %(now)s, %(uid)s, %(now)s
                  FROM unnest(%(ids)s::integer[], %(texts)s::text[],
                              %(message_ids)s::text[])
                       AS note(res_id, body, message_id)
                """,
                model=self._name,
                subtype=self.env["ir.model.data"]._xmlid_to_res_id("mail.mt_note"),
                author=author_id,
                email_from=email_from,
                now=self.env.cr.now(),
                uid=self.env.uid,
                ids=ids,
                texts=[str(escape(bodies[res_id])) for res_id in ids],
                message_ids=[
                    generate_tracking_message_id("message-notify") for _id in ids
                ],
            )
        )
        self.env["mail.message"].invalidate_model()
        self.invalidate_recordset(["message_ids"])
