"""Timeliness: the response target, the hours to intervention, the overdue
search and the reminders to the lead agency."""

from datetime import timedelta

from odoo import api, fields, models
from odoo.exceptions import UserError

from .focus_step_guard import step

# Hours before the response target at which the lead agency gets a reminder.
ALERT_LEAD_HOURS = 12


class FocusSituationTimeliness(models.AbstractModel):
    """Part of ``focus.situation`` (see the module's docstring)."""

    _name = "focus.situation.timeliness"
    _description = "Situation: Response Targets"

    @api.depends(
        "date_decision", "date_intervention", "state", "table_id.response_target_hours"
    )
    def _compute_timeliness(self):
        for situation in self:
            accepted = situation.date_decision and situation.state in (
                "accepted",
                "intervention",
                "closed",
            )
            if not accepted:
                situation.date_target = False
                situation.intervention_hours = 0.0
                situation.within_target = False
                continue
            target = situation.table_id.response_target_hours or 48
            situation.date_target = situation.date_decision + timedelta(hours=target)
            if situation.date_intervention:
                delta = situation.date_intervention - situation.date_decision
                situation.intervention_hours = round(delta.total_seconds() / 3600.0, 2)
                situation.within_target = situation.intervention_hours <= target
            else:
                situation.intervention_hours = 0.0
                situation.within_target = False

    @api.depends("date_target", "date_intervention", "state")
    def _compute_is_overdue(self):
        now = fields.Datetime.now()
        for situation in self:
            situation.is_overdue = bool(
                situation.state == "accepted"
                and not situation.date_intervention
                and situation.date_target
                and situation.date_target < now
            )

    def _search_is_overdue(self, operator, value):
        if operator not in ("=", "!=") or not isinstance(value, bool):
            raise UserError(self.env._("Unsupported search on the overdue flag."))
        domain = [
            ("state", "=", "accepted"),
            ("date_intervention", "=", False),
            ("date_target", "<", fields.Datetime.now()),
        ]
        positive = (operator == "=") == value
        return domain if positive else ["!", "&", "&", *domain]

    # ------------------------------------------------------------------
    # Timeliness alerts
    # ------------------------------------------------------------------
    def _target_alert_summary(self):
        return self.env._("Response target approaching")

    @api.model
    @step
    def _cron_target_alerts(self):
        """Remind the lead agency when the response target is about to pass.

        The activity carries only the reference and the due time: its assignees
        may read the summary without access to the situation's identities.
        """
        soon = fields.Datetime.now() + timedelta(hours=ALERT_LEAD_HOURS)
        situations = self.search(
            [
                ("state", "=", "accepted"),
                ("date_intervention", "=", False),
                ("target_alert_sent", "=", False),
                ("lead_agency_id", "!=", False),
                ("date_target", "<=", soon),
            ]
        )
        todo = self.env.ref("mail.mail_activity_data_todo")
        for situation in situations:
            user = situation.lead_agency_id.user_ids[:1]
            if not user:
                continue
            situation.activity_schedule(
                activity_type_id=todo.id,
                date_deadline=fields.Date.to_date(situation.date_target),
                summary=situation._target_alert_summary(),
                note=self.env._(
                    "%(ref)s: first intervention due by %(due)s.",
                    ref=situation.name,
                    due=fields.Datetime.to_string(situation.date_target),
                ),
                user_id=user.id,
            )
            situation.target_alert_sent = True
