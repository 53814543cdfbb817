from odoo import api, models

from ..models.focus_statistics import ACCEPTED_STATES


class ReportSituationCase(models.AbstractModel):
    _name = "report.focus_table_reports.report_situation_case"
    _inherit = "focus.report.base"
    _description = "Situation Case Report"

    _report_xmlid = "focus_table_reports.action_report_situation_case"

    @api.model
    def _get_report_values(self, docids, data=None):
        situations = self.env["focus.situation"].browse(docids)
        self._check_report_access(situations)
        return {
            **self._common_values(),
            "doc_ids": docids,
            "doc_model": "focus.situation",
            "docs": situations,
            "case": {s.id: self._case_values_in_lang(s) for s in situations},
        }

    @api.model
    def _case_values_in_lang(self, situation):
        """The case values, worded in the language of the situation's table."""
        lang = self._report_lang(situation.table_id)
        return self.with_context(lang=lang)._case_values(
            situation.with_context(lang=lang)
        )

    @api.model
    def _case_values(self, situation):
        """Everything the case report prints, de-identified by construction:
        identity records are never read here."""
        risk = situation.risk_factor_ids
        by_category = []
        for category in risk.category_id.sorted(lambda c: (c.sequence, c.name)):
            factors = risk.filtered(lambda f, c=category: f.category_id == c)
            by_category.append((category, factors))
        agencies = []
        if situation.originating_agency_id:
            agencies.append(
                (self.env._("Originating"), situation.originating_agency_id)
            )
        if situation.lead_agency_id:
            agencies.append((self.env._("Lead"), situation.lead_agency_id))
        for agency in situation.assisting_agency_ids - situation.lead_agency_id:
            agencies.append((self.env._("Assisting"), agency))
        return {
            "accepted": situation.state in ACCEPTED_STATES,
            "rejected": situation.state == "rejected",
            "risk_by_category": by_category,
            "agencies": agencies,
            "timeliness": self._timeliness(situation),
            "history": self._state_history(situation),
            "actions": self._actions(situation),
        }

    @api.model
    def _timeliness(self, situation):
        if situation.state not in ACCEPTED_STATES or not situation.date_target:
            return False
        if situation.date_intervention:
            label = (
                self.env._("Within target")
                if situation.within_target
                else self.env._("Outside target")
            )
            tone = "success" if situation.within_target else "danger"
        elif situation.is_overdue:
            label, tone = self.env._("Overdue: no intervention yet"), "danger"
        else:
            label, tone = self.env._("Waiting, within target"), "info"
        return {"label": label, "tone": tone}

    @api.model
    def _state_history(self, situation):
        """Status changes tracked on the situation, oldest first."""
        # sudo: tracking values are readable by administrators only; the situation
        # itself was checked above and only its status field is read.
        trackings = (
            self.env["mail.tracking.value"]
            .sudo()
            .search(
                [
                    ("mail_message_id.model", "=", "focus.situation"),
                    ("mail_message_id.res_id", "=", situation.id),
                    ("field_id.name", "=", "state"),
                    ("field_id.model", "=", "focus.situation"),
                ],
                order="create_date, id",
            )
        )
        # Selection values are tracked with their labels, in the language of
        # whoever changed the status: they are reworded in the document's.
        field = situation._fields["state"]
        keys = {}
        for code, _name in self.env["res.lang"].get_installed():
            env = self.with_context(lang=code).env
            keys.update(
                {label: key for key, label in field._description_selection(env)}
            )
        labels = dict(field._description_selection(self.env))

        def label(value):
            return labels.get(keys.get(value), value)

        return [
            {
                "date": tracking.mail_message_id.date,
                "old": label(tracking.old_value_char),
                "new": label(tracking.new_value_char),
            }
            for tracking in trackings
        ]

    @api.model
    def _actions(self, situation):
        return self.env["focus.action"].search(
            [("situation_id", "=", situation.id)], order="date_deadline, id"
        )
