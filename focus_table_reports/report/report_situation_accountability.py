from odoo import api, models
from odoo.exceptions import AccessError

CONSENT_FIELDS = (
    "consent_status",
    "consent_date",
    "consent_expires_on",
    "consent_withdrawn_on",
    "disclosure_authority",
)


class ReportSituationAccountability(models.AbstractModel):
    """Who saw a situation's identifying details, when, how and why; every
    disclosure with its authority and the agreement its agency held; the
    consent history.

    Printed by a chair of the situation's table or by a privacy officer, also
    for situations whose details were purged. It names users and agencies,
    never the persons: identity records are never read here.
    """

    _name = "report.focus_table_reports.report_situation_accountability"
    _inherit = "focus.report.base"
    _description = "Situation Accountability Report"

    _report_xmlid = "focus_table_reports.action_report_situation_accountability"

    @api.model
    def _check_report_access(self, records):
        user = self.env.user
        if user.has_group("focus_table.group_privacy_officer"):
            return
        # sudo: compares the user with the chairs of the situations' tables.
        refused = records.sudo().filtered(lambda s: user not in s.table_id.chair_ids)
        if refused or not user.has_group("focus_table.group_chair"):
            raise AccessError(
                self.env._(
                    "Only a chair of its table or a privacy officer prints the "
                    "accountability report of a situation."
                )
            )

    @api.model
    def _get_report_values(self, docids, data=None):
        situations = self.env["focus.situation"].browse(docids)
        self._check_report_access(situations)
        # sudo: the requester was checked above; what follows reads the logs,
        # disclosures and tracking of these situations, never their identities.
        situations = situations.sudo()
        return {
            **self._common_values(),
            "doc_ids": docids,
            "doc_model": "focus.situation",
            "docs": situations,
            "account": {s.id: self._accountability(s) for s in situations},
        }

    @api.model
    def _accountability(self, situation):
        logs = (
            self.env["focus.access.log"]
            .sudo()
            .search([("situation_id", "=", situation.id)], order="date, id")
        )
        disclosures = situation.disclosure_ids.sorted(lambda d: (d.date, d.id))
        return {
            "reads": logs.filtered(lambda log: log.channel != "blocked"),
            "disclosures": disclosures,
            "consent": self._consent_history(situation),
        }

    @api.model
    def _consent_history(self, situation):
        """(date, author, field label, old value, new value) of each consent change."""
        fields_ = (
            self.env["ir.model.fields"]
            .sudo()
            .search([("model", "=", "focus.situation"), ("name", "in", CONSENT_FIELDS)])
        )
        values = (
            self.env["mail.tracking.value"]
            .sudo()
            .search(
                [
                    ("mail_message_id.model", "=", "focus.situation"),
                    ("mail_message_id.res_id", "=", situation.id),
                    ("field_id", "in", fields_.ids),
                ]
            )
            .sorted(lambda v: (v.mail_message_id.date, v.id))
        )
        history = []
        for value in values:
            kind = value.field_id.ttype
            history.append(
                (
                    value.mail_message_id.date,
                    value.mail_message_id.author_id.name,
                    value.field_id.field_description,
                    value._format_display_value(kind, new=False)[0],
                    value._format_display_value(kind, new=True)[0],
                )
            )
        return history
