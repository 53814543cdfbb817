"""The information-sharing agreement of an agency, which governs every sharing
of identifying details with it (see docs/ARCHITECTURE.md, "Need to know")."""

from datetime import timedelta

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools import format_date

ISA_STATES = [
    ("missing", "No agreement"),
    ("valid", "Valid"),
    ("expiring", "Expires within 30 days"),
    ("expired", "Expired"),
]
# Under these states an agency may receive identifying details.
ISA_VALID_STATES = ("valid", "expiring")
ISA_NOTICE_DAYS = 30


def isa_state_on(signed_on, expires_on, day):
    """The state of an agreement signed ``signed_on``, ending ``expires_on``."""
    if not signed_on or signed_on > day:
        return "missing"
    if expires_on and expires_on < day:
        return "expired"
    if expires_on and expires_on < day + timedelta(days=ISA_NOTICE_DAYS):
        return "expiring"
    return "valid"


class FocusAgencyAgreement(models.Model):
    """Part of ``focus.agency``: its information-sharing agreement.

    The state is stored, so that the record rule of the identities can follow
    it; a daily job moves it with the calendar and reminds the chairs and the
    administrators a month before an agreement ends.
    """

    _inherit = "focus.agency"

    isa_signed_on = fields.Date(
        string="Agreement Signed On",
        tracking=True,
        help="Date the information-sharing agreement was signed.",
    )
    isa_expires_on = fields.Date(string="Agreement Expires On", tracking=True)
    isa_document = fields.Binary(string="Agreement Document", attachment=True)
    isa_document_name = fields.Char(string="Agreement File Name")
    isa_state = fields.Selection(
        ISA_STATES,
        string="Agreement",
        compute="_compute_isa_state",
        store=True,
        index=True,
        help="Agencies without a valid agreement cannot be named lead or assisting "
        "agency, nor receive identifying details; their representatives stop "
        "seeing those they were given.",
    )
    isa_reminded_for = fields.Date(
        string="Reminded of Expiry",
        readonly=True,
        copy=False,
        help="The expiry date the chairs and administrators were last reminded of.",
    )

    @api.depends("isa_signed_on", "isa_expires_on")
    def _compute_isa_state(self):
        today = fields.Date.context_today(self)
        for agency in self:
            agency.isa_state = isa_state_on(
                agency.isa_signed_on, agency.isa_expires_on, today
            )

    def _isa_valid_on(self, day):
        """The agencies of ``self`` whose agreement allows sharing on ``day``."""
        return self.filtered(
            lambda a: (
                isa_state_on(a.isa_signed_on, a.isa_expires_on, day) in ISA_VALID_STATES
            )
        )

    def _check_agreements(self, day):
        """Refuse, naming the agency and the date, any agency of ``self`` whose
        agreement does not allow sharing on ``day``."""
        for agency in self - self._isa_valid_on(day):
            state = isa_state_on(agency.isa_signed_on, agency.isa_expires_on, day)
            if state == "expired":
                raise UserError(
                    self.env._(
                        "%(agency)s cannot receive identifying details: its "
                        "information-sharing agreement expired on %(date)s.",
                        agency=agency.name,
                        date=format_date(self.env, agency.isa_expires_on),
                    )
                )
            raise UserError(
                self.env._(
                    "%(agency)s cannot receive identifying details: it has no "
                    "information-sharing agreement in force on %(date)s.",
                    agency=agency.name,
                    date=format_date(self.env, day),
                )
            )

    @api.model
    def _cron_agreements(self):
        """Move the agreements' states with the calendar; remind a month ahead."""
        # sudo: the job runs for every agency, whoever triggers it.
        agencies = (
            self.sudo()
            .with_context(active_test=False)
            .search(
                ["|", ("isa_signed_on", "!=", False), ("isa_state", "!=", "missing")]
            )
        )
        today = fields.Date.context_today(self)
        changed = agencies.filtered(
            lambda a: (
                a.isa_state != isa_state_on(a.isa_signed_on, a.isa_expires_on, today)
            )
        )
        if changed:
            self.env.add_to_compute(self._fields["isa_state"], changed)
            changed.flush_recordset(["isa_state"])
        due = agencies.filtered(
            lambda a: (
                a.active
                and a.isa_expires_on
                and today <= a.isa_expires_on <= today + timedelta(ISA_NOTICE_DAYS)
                and a.isa_reminded_for != a.isa_expires_on
            )
        )
        managers = self.env.ref("focus_table.group_manager").sudo().all_user_ids
        for agency in due:
            agency._remind_expiry(agency.table_ids.chair_ids | managers)
        return changed

    def _remind_expiry(self, users):
        self.ensure_one()
        todo = self.env.ref("mail.mail_activity_data_todo")
        summary = self.env._("Information-sharing agreement expires")
        note = self.env._(
            "The information-sharing agreement of %(agency)s expires on %(date)s. "
            "After that day its representatives no longer see identifying details.",
            agency=self.name,
            date=format_date(self.env, self.isa_expires_on),
        )
        for user in users.filtered("active"):
            self.activity_schedule(
                activity_type_id=todo.id,
                date_deadline=self.isa_expires_on,
                summary=summary,
                note=note,
                user_id=user.id,
            )
        self.isa_reminded_for = self.isa_expires_on
