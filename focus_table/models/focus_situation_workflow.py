"""The Four Filter steps of a situation: who may take each, the checks of
each, and the wizards that ask for their values.

See docs/ARCHITECTURE.md for the process from intake to purge."""

from odoo import fields, models
from odoo.exceptions import AccessError, UserError

from ..tools.actions import dialog_action
from .focus_step_guard import step, step_now, step_today

# The states of the Four Filters, in the order of the process.
STATES = [
    ("draft", "Draft"),
    ("submitted", "Submitted"),
    ("accepted", "Accepted"),
    ("rejected", "Rejected"),
    ("intervention", "Intervention"),
    ("closed", "Closed"),
]
OPEN_STATES = ("submitted", "accepted", "intervention")
# Accepted at the table: identifying details may be shared (Filter 3).
ACCEPTED_STATES = ("accepted", "intervention", "closed")
# Rejected or closed: nothing changes but by re-opening or the purge.
FROZEN_STATES = ("rejected", "closed")


class FocusSituationWorkflow(models.AbstractModel):
    """Part of ``focus.situation`` (see the module's docstring)."""

    _name = "focus.situation.workflow"
    _description = "Situation: Four Filter Steps"

    # ------------------------------------------------------------------
    # Who may take a step
    # ------------------------------------------------------------------
    def _is_chair(self):
        self.ensure_one()
        # sudo: the table of a situation the user reads; only its chairs are used.
        return self.env.su or self.sudo().table_id._is_chaired_by(self.env.user)

    def _check_chair(self, action):
        for situation in self:
            if not situation._is_chair():
                raise AccessError(
                    self.env._(
                        "Only a chair of %(table)s can %(action)s %(ref)s.",
                        table=situation.table_id.name,
                        action=action,
                        ref=situation.name,
                    )
                )

    def _check_lead_or_chair(self, action):
        agency = self.env.user.focus_agency_id
        for situation in self:
            if situation._is_chair():
                continue
            if not agency or agency != situation.lead_agency_id:
                raise AccessError(
                    self.env._(
                        "Only the lead agency or a chair of %(table)s can %(action)s "
                        "%(ref)s.",
                        table=situation.table_id.name,
                        action=action,
                        ref=situation.name,
                    )
                )

    def _check_originating(self, action):
        agency = self.env.user.focus_agency_id
        for situation in self:
            if self.env.su:
                continue
            if not agency or agency != situation.originating_agency_id:
                raise AccessError(
                    self.env._(
                        "Only the originating agency can %(action)s %(ref)s.",
                        action=action,
                        ref=situation.name,
                    )
                )

    # ------------------------------------------------------------------
    # Four Filter workflow
    # ------------------------------------------------------------------
    @step
    def action_submit(self):
        """Filter 1 → 2: the originating agency brings the situation to its table."""
        self.check_access("write")
        self._check_step_state(("draft",), self.env._("submitted"))
        self._check_originating(self.env._("submit"))
        for situation in self:
            missing = []
            if not situation.subject_type:
                missing.append(self.env._("subject type"))
            if not situation.risk_factor_ids:
                missing.append(self.env._("risk factors"))
            if not situation.summary:
                missing.append(self.env._("de-identified summary"))
            if missing:
                raise UserError(
                    self.env._(
                        "%(ref)s cannot be submitted without: %(missing)s.",
                        ref=situation.name,
                        missing=", ".join(missing),
                    )
                )
            situation.table_id._check_seated(situation.originating_agency_id)
        self.write({"state": "submitted", "date_submitted": step_now()})
        return True

    def _check_decision_date(self, action):
        for situation in self:
            if not situation.date_decision:
                raise UserError(
                    self.env._(
                        "Set the decision date before the situation %(ref)s is "
                        "%(action)s.",
                        ref=situation.name,
                        action=action,
                    )
                )
            if situation.date_decision.date() < situation.date_received:
                raise UserError(
                    self.env._(
                        "The decision date of %(ref)s is before the date it was "
                        "received.",
                        ref=situation.name,
                    )
                )

    def _decide(self, state, action, date_decision=None):
        """Filter 2: record the table's decision on submitted situations."""
        self.check_access("write")
        self._check_step_state(("submitted",), action)
        self._check_chair(self.env._("decide on"))
        if date_decision:
            self.write({"date_decision": date_decision})
        self._check_decision_date(action)
        for situation in self:
            vals = {
                "state": state,
                "date_presented": situation.date_presented
                or situation.date_decision.date(),
            }
            if state == "accepted":
                # sudo: the table's setting, stamped on the situation it governs.
                vals["disclosure_mode"] = situation.sudo().table_id.disclosure_mode
            situation.write(vals)

    @step
    def action_accept(
        self, date_decision=None, lead_agency_id=None, assisting_agency_ids=None
    ):
        """Filter 2: the table agrees the situation is of acutely elevated risk.

        Filter 3 may be decided at once: the lead and assisting agencies named here
        receive the identifying details (with a disclosure record each).
        """
        self._decide("accepted", self.env._("accepted"), date_decision)
        if lead_agency_id or assisting_agency_ids:
            Agency = self.env["focus.agency"]
            lead = Agency.browse(lead_agency_id or [])
            assisting = Agency.browse(assisting_agency_ids or []) - lead
            self._check_table_agencies(lead | assisting)
            self.write(
                {
                    "lead_agency_id": lead.id,
                    "assisting_agency_ids": [fields.Command.set(assisting.ids)],
                }
            )
        return True

    def _check_table_agencies(self, agencies):
        for situation in self:
            situation.table_id._check_seated(agencies)

    @step
    def action_reject(self, date_decision=None):
        """Filter 2: not AER. Only minimal data is kept."""
        self._decide("rejected", self.env._("rejected"), date_decision)
        self._minimise_rejected()
        return True

    def _minimise_rejected(self):
        """Keep table, dates, originating sector, age band, gender and decision only."""
        self.write(
            {
                "risk_factor_ids": [fields.Command.clear()],
                "assisting_agency_ids": [fields.Command.clear()],
                "lead_agency_id": False,
                "summary": False,
                "notes": False,
                "subject_type": False,
                "presenter_id": False,
                "consent_status": False,
                "disclosure_authority": False,
            }
        )
        # sudo: the deciding chair may lack identity access; deleting shows nothing.
        self.sudo().identity_ids.unlink()
        notes = (
            self.env["mail.message"]
            .sudo()
            .search(
                [
                    ("model", "=", self._name),
                    ("res_id", "in", self.ids),
                    ("message_type", "=", "comment"),
                ]
            )
        )
        notes.attachment_ids.unlink()
        notes.unlink()
        self.env["ir.attachment"].sudo().search(
            [
                ("res_model", "=", self._name),
                ("res_id", "in", self.ids),
            ]
        ).unlink()

    @step
    def action_start_intervention(self, date_intervention=None):
        """Filter 4: the lead agency has intervened (door knock)."""
        self.check_access("write")
        self._check_step_state(("accepted",), self.env._("moved to intervention"))
        self._check_lead_or_chair(self.env._("record the intervention of"))
        if date_intervention:
            self.write({"date_intervention": date_intervention})
        for situation in self:
            if not situation.lead_agency_id:
                raise UserError(
                    self.env._(
                        "Name the lead agency of %(ref)s first.", ref=situation.name
                    )
                )
            if not situation.date_intervention:
                raise UserError(
                    self.env._(
                        "Set the date of the first intervention of %(ref)s.",
                        ref=situation.name,
                    )
                )
            if situation.date_intervention < situation.date_decision:
                raise UserError(
                    self.env._(
                        "The intervention of %(ref)s cannot be before its acceptance.",
                        ref=situation.name,
                    )
                )
        self.write({"state": "intervention"})
        self.activity_ids.filtered(
            lambda a: (
                a.activity_type_id == self.env.ref("mail.mail_activity_data_todo")
                and a.summary == self._target_alert_summary()
            )
        ).action_feedback(feedback=self.env._("Intervention recorded."))
        return True

    @step
    def action_close(self, conclusion_id=None):
        """The lead agency reports the outcome; the situation is closed."""
        self.check_access("write")
        self._check_step_state(("intervention",), self.env._("closed"))
        self._check_lead_or_chair(self.env._("close"))
        if conclusion_id:
            self.write({"conclusion_id": conclusion_id})
        for situation in self:
            if not situation.conclusion_id:
                raise UserError(
                    self.env._(
                        "Choose the conclusion of %(ref)s before closing it.",
                        ref=situation.name,
                    )
                )
        self.write({"state": "closed", "date_closed": step_today(self)})
        return True

    @step
    def action_reopen(self, reason=None):
        """Re-open a closed situation; the reason is kept in the chatter."""
        self.check_access("read")
        self._check_step_state(("closed",), self.env._("re-opened"))
        self._check_chair(self.env._("re-open"))
        if not reason or not reason.strip():
            raise UserError(self.env._("Give a reason to re-open a closed situation."))
        self.write(
            {
                "state": "intervention",
                "date_closed": False,
                "conclusion_id": False,
                "reopen_reason": reason.strip(),
                # Closed again later, it is purged again after the retention period.
                "identity_purged_on": False,
            }
        )
        for situation in self:
            situation.message_post(
                body=self.env._("Re-opened: %(reason)s", reason=reason.strip()),
                subtype_xmlid="mail.mt_note",
            )
        return True

    def _open_step_wizard(self, step_name, title):
        self.ensure_one()
        return dialog_action(
            "focus.situation.step",
            name=title,
            context={"default_situation_id": self.id, "default_step": step_name},
        )

    def action_open_accept_wizard(self):
        return self._open_step_wizard("accept", self.env._("Accept %s", self.name))

    def action_open_reject_wizard(self):
        return self._open_step_wizard("reject", self.env._("Reject %s", self.name))

    def action_open_intervention_wizard(self):
        return self._open_step_wizard(
            "intervention", self.env._("Record the intervention of %s", self.name)
        )

    def action_open_close_wizard(self):
        return self._open_step_wizard("close", self.env._("Close %s", self.name))

    def action_open_override_wizard(self):
        return self._open_step_wizard(
            "override", self.env._("Share %s without an agreement", self.name)
        )

    def action_open_withdraw_consent_wizard(self):
        return self._open_step_wizard(
            "withdraw_consent", self.env._("Withdraw the consent of %s", self.name)
        )

    def action_open_transfer_wizard(self):
        return self._open_step_wizard(
            "transfer", self.env._("Transfer %s to another table", self.name)
        )

    def action_open_agencies_wizard(self):
        return self._open_step_wizard(
            "agencies", self.env._("Change the agencies of %s", self.name)
        )

    def action_open_reopen_wizard(self):
        self.ensure_one()
        return dialog_action(
            "focus.situation.reopen",
            name=self.env._("Re-open %(ref)s", ref=self.name),
            context={"default_situation_id": self.id},
        )
