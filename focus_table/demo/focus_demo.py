"""The demo story, replayed through the real steps as the demo users.

Called from the demo XML files only (``<function model="focus.demo" .../>``):
situations taken through the Four Filters, meetings run by their chair, a
month of identity reads. Every step runs with its user's rights and checks,
dated in the past (``replayed_at``) so that the chatter shows who did what and
when. No business model holds code for the demo.
"""

from datetime import timedelta

from odoo import api, fields, models

from ..models.focus_access_log import ACCESS_REASONS, forced_channel
from ..models.focus_step_guard import replayed_at


class FocusDemo(models.AbstractModel):
    _name = "focus.demo"
    _description = "Focus Table Demo Story"

    # ------------------------------------------------------------------
    # Steps as the demo users
    # ------------------------------------------------------------------
    @api.model
    def _step_as(self, model, ids, user, method, when=None, *args, **kwargs):
        """Take the step ``method`` of ``model`` records ``ids`` as ``user`` (a
        user or its XML id), at ``when`` if given.

        The step runs with the user's rights and role checks. Its tracking
        messages are posted at once, by that user, and dated at ``when``.
        """
        if isinstance(user, str):
            user = self.env.ref(user)
        records = self.env[model].browse(ids)
        self._post_pending()
        last = self._last_message_id()
        with replayed_at(when or fields.Datetime.now()):
            result = getattr(records.with_user(user), method)(*args, **kwargs)
            self._post_pending()
        if when:
            # sudo: only the date of the messages this step just posted changes.
            self.env["mail.message"].sudo().search(
                [
                    ("model", "=", model),
                    ("res_id", "in", records.ids),
                    ("id", ">", last),
                ]
            ).write({"date": fields.Datetime.to_datetime(when)})
        return result

    @api.model
    def _post_pending(self):
        """Post the pending tracking messages now, as the user who made them."""
        self.env.flush_all()
        self.env.cr.precommit.run()

    @api.model
    def _last_message_id(self):
        # sudo: the highest message id, to tell the messages a step posts.
        last = self.env["mail.message"].sudo().search([], order="id desc", limit=1)
        return last.id or 0

    # ------------------------------------------------------------------
    # Situations through the Four Filters
    # ------------------------------------------------------------------
    @api.model
    def _agency_user(self, situation, agency):
        """Who acts for ``agency`` at the situation's table: its representative,
        or else its chair of the table."""
        users = self.env["res.users"].search(
            [("focus_agency_id", "=", agency.id)], order="id"
        )
        members = users.filtered(lambda u: u.has_group("focus_table.group_member"))
        return members[:1] or (users & situation.table_id.chair_ids)[:1]

    @api.model
    def _replay_situation(self, ids, story):
        """Take draft situations through the Four Filters as the demo users.

        ``story`` holds the ``state`` to reach and the dates and choices of each
        step: ``date_submitted``, ``date_decision``, ``lead_agency_id``,
        ``assisting_agency_ids``, ``date_intervention``, ``conclusion_id`` and
        ``date_closed``. The presenter submits; a chair of the table decides; the
        lead agency records the intervention and the conclusion.
        """
        state = story["state"]
        self._post_pending()
        situations = self.env["focus.situation"].browse(ids)
        step = self._step_as
        for situation in situations:
            chair = situation.table_id.chair_ids[:1]
            # sudo: the demo loader credits the "created" note to the presenter.
            situation.sudo().message_ids.filtered(
                lambda m: m.author_id == self.env.ref("base.partner_root")
            ).write(
                {
                    "author_id": situation.presenter_id.partner_id.id,
                    "date": fields.Datetime.to_datetime(situation.date_received),
                }
            )
            if state == "draft":
                continue
            one = ("focus.situation", situation.ids)
            step(*one, situation.presenter_id, "action_submit", story["date_submitted"])
            decided = story.get("date_decision")
            if state == "rejected":
                step(*one, chair, "action_reject", decided, decided)
                continue
            if state == "submitted":
                continue
            step(
                *one,
                chair,
                "action_accept",
                decided,
                decided,
                story["lead_agency_id"],
                story.get("assisting_agency_ids", []),
            )
            lead = self._agency_user(situation, situation.lead_agency_id)
            if state == "accepted":
                continue
            intervened = story["date_intervention"]
            step(*one, lead, "action_start_intervention", intervened, intervened)
            if state == "closed":
                closed = fields.Datetime.to_datetime(story["date_closed"])
                step(*one, lead, "action_close", closed, story["conclusion_id"])
        self._replay_sharing(situations, story)
        return True

    @api.model
    def _replay_sharing(self, situations, story):
        """After the Filters: the chair's changes of agencies, an override of an
        agreement, and a withdrawn consent, as the story tells."""
        step = self._step_as
        for situation in situations:
            one = ("focus.situation", situation.ids)
            chair = situation.table_id.chair_ids[:1]
            for change in story.get("changes", []):
                step(
                    *one,
                    chair,
                    "action_change_agencies",
                    change["date"],
                    change["lead_agency_id"],
                    change["assisting_agency_ids"],
                    change["reason"],
                    disclosure_authority=change.get("authority"),
                )
            override = story.get("override")
            if override:
                step(
                    *one,
                    chair,
                    "action_override_agreement",
                    override["date"],
                    override["agency_id"],
                    override["role"],
                    override["authority"],
                    override["reason"],
                )
            transfer = story.get("transfer")
            if transfer:
                step(
                    *one,
                    chair,
                    "action_transfer",
                    transfer["date"],
                    transfer["table_id"],
                    transfer["agency_id"],
                    transfer["reason"],
                    share_identities=bool(transfer.get("authority")),
                    authority=transfer.get("authority"),
                )
            withdrawn = story.get("consent_withdrawn")
            if withdrawn:
                lead = self._agency_user(situation, situation.lead_agency_id)
                when = fields.Datetime.to_datetime(withdrawn["date"])
                step(
                    *one,
                    lead,
                    "action_withdraw_consent",
                    when,
                    when.date(),
                    withdrawn["note"],
                )

    # ------------------------------------------------------------------
    # A month of identity reads
    # ------------------------------------------------------------------
    @api.model
    def _generate_reads(self, plan):
        """A month of identity reads by the demo users, through the real read
        path (each read logs itself), then the flag job.

        ``plan`` lists ``(user xml id, situation xml id, reason key or False,
        channel, days ago)``. As the demo is installed in one go, the entries and
        the demo disclosures are then dated back, as superuser, to when the reads
        and decisions would have happened.
        """
        Identity = self.env["focus.situation.identity"]
        Log = self.env["focus.access.log"].sudo()
        # Disclosures are recorded at install time: date them at the decisions.
        situations = self.env["focus.situation"].browse(
            self.env.ref(xmlid).id for _user, xmlid, *_rest in plan
        )
        for disclosure in situations.sudo().disclosure_ids:
            decided = disclosure.situation_id.date_decision
            if decided and decided < disclosure.date:
                disclosure.write({"date": decided})
        labels = dict(ACCESS_REASONS)
        now = fields.Datetime.now()
        for user_xmlid, situation_xmlid, reason, channel, days in plan:
            user = self.env.ref(user_xmlid)
            situation = self.env.ref(situation_xmlid)
            before = Log.search([], order="id desc", limit=1).id or 0
            self.env.invalidate_all()
            reader = Identity.with_user(user).with_context(
                focus_access_reason=labels[reason] if reason else False,
            )
            with forced_channel(channel):
                reader.search([("situation_id", "=", situation.id)]).read(["name"])
            entries = Log.search([("id", ">", before)])
            entries.write({"date": now - timedelta(days=days)})
        Log.flush_model()
        return Log._check_flags()

    @api.model
    def _create_as(self, model, user_xmlid, vals):
        """Create a ``model`` record as the demo user ``user_xmlid``, with that
        user's rights and checks (a request, a search)."""
        return self.env[model].with_user(self.env.ref(user_xmlid)).create(vals).id

    # ------------------------------------------------------------------
    # Exports
    # ------------------------------------------------------------------
    @api.model
    def _generate_exports(self, plan):
        """Exports by the demo users through the real export path (each logs
        itself), dated back as superuser.

        ``plan`` lists ``(user xml id, model, table xml id, field names, days
        ago)``.
        """
        Log = self.env["focus.export.log"].sudo()
        now = fields.Datetime.now()
        for user_xmlid, model, table_xmlid, field_names, days in plan:
            user = self.env.ref(user_xmlid)
            before = Log.search([], order="id desc", limit=1).id or 0
            records = (
                self.env[model]
                .with_user(user)
                .search([("table_id", "=", self.env.ref(table_xmlid).id)])
            )
            records.export_data(field_names)
            Log.search([("id", ">", before)]).write(
                {"date": now - timedelta(days=days)}
            )
        return True
