"""Consent that ends: the date it was given, its expiry, its withdrawal, and
the disclosures that stop with it."""

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools import format_date

from .focus_step_guard import step, step_today

# What the person consented to, recorded as a fact: changed while the consent
# runs, never after it ended (that would give back what the person took away).
CONSENT_FIELDS = frozenset({"consent_status", "consent_date", "consent_expires_on"})
CONSENT_FACT = {"copy": False, "tracking": True}


class FocusSituationConsent(models.AbstractModel):
    """Part of ``focus.situation`` (see the module's docstring)."""

    _name = "focus.situation.consent"
    _description = "Situation: Consent"

    consent_date = fields.Date(
        "Consent Given On",
        help="The day the person gave consent to share their identifying details.",
        **CONSENT_FACT,
    )
    consent_expires_on = fields.Date(
        help="The day the consent ends, if it was given for a limited time.",
        **CONSENT_FACT,
    )
    consent_withdrawn_on = fields.Date(readonly=True, copy=False, tracking=True)
    consent_withdrawal_note = fields.Text(readonly=True, copy=False)
    consent_ended = fields.Boolean(
        compute="_compute_consent_ended",
        store=True,
        index="btree_not_null",
        copy=False,
        help="Consent was withdrawn or has expired: the disclosures that rest on "
        "it have stopped.",
    )

    @api.depends("consent_withdrawn_on", "consent_expires_on")
    def _compute_consent_ended(self):
        today = fields.Date.context_today(self)
        for situation in self:
            situation.consent_ended = bool(
                situation.consent_withdrawn_on
                or (
                    situation.consent_expires_on
                    and situation.consent_expires_on < today
                )
            )

    @api.constrains("consent_date", "consent_expires_on")
    def _check_consent_dates(self):
        for situation in self:
            if (
                situation.consent_date
                and situation.consent_expires_on
                and situation.consent_expires_on < situation.consent_date
            ):
                raise UserError(
                    self.env._(
                        "The consent of %(ref)s cannot expire before it was given.",
                        ref=situation.name,
                    )
                )

    def _check_consent_unchanged(self, vals):
        """Once consent ended, what was consented to is history."""
        if not CONSENT_FIELDS & set(vals):
            return
        for situation in self.filtered("consent_ended"):
            raise UserError(
                self.env._(
                    "The consent recorded on %(ref)s ended on %(date)s and can no "
                    "longer be changed.",
                    ref=situation.name,
                    date=format_date(self.env, situation._consent_end_date()),
                )
            )

    def _consent_end_date(self):
        self.ensure_one()
        return self.consent_withdrawn_on or self.consent_expires_on

    def _consent_cut_agencies(self, agencies):
        """The ``agencies`` that lose the details because the consent ended: all
        but those with a disclosure under another authority (risk of serious
        harm, a statute)."""
        self.ensure_one()
        if not self.consent_ended:
            return agencies.browse()
        return agencies - self._agencies_under_other_authority()

    def _agencies_under_other_authority(self):
        self.ensure_one()
        # sudo: the disclosures' authorities decide need-to-know for every reader.
        disclosures = self.sudo().disclosure_ids
        return disclosures.filtered(lambda d: d.authority != "consent").agency_id

    def _agencies_under_consent(self):
        self.ensure_one()
        # sudo: as above.
        disclosures = self.sudo().disclosure_ids
        return disclosures.filtered(lambda d: d.authority == "consent").agency_id

    @step
    def action_withdraw_consent(self, date_withdrawn=None, note=None):
        """The person withdraws their consent: the disclosures resting on it stop.

        Recorded by an agency working with the person or by the chair, in the
        chatter, with the agencies that lose the details and those that keep
        them and why.
        """
        self.check_access("write")
        self._check_step_state(
            ("submitted", "accepted", "intervention"),
            self.env._("have its consent withdrawn"),
        )
        day = (
            fields.Date.to_date(date_withdrawn) if date_withdrawn else step_today(self)
        )
        if day > fields.Date.context_today(self):
            raise UserError(self.env._("Consent cannot be withdrawn in the future."))
        for situation in self:
            if situation.consent_status != "obtained" or situation.consent_ended:
                raise UserError(
                    self.env._(
                        "%(ref)s holds no consent in force to withdraw.",
                        ref=situation.name,
                    )
                )
            if situation.consent_date and day < situation.consent_date:
                raise UserError(
                    self.env._(
                        "Consent cannot be withdrawn before it was given (%(date)s).",
                        date=format_date(self.env, situation.consent_date),
                    )
                )
        for situation in self:
            before = situation._granted_agencies()
            vals = {
                "consent_withdrawn_on": day,
                "consent_withdrawal_note": (note or "").strip() or False,
            }
            if situation.disclosure_authority == "consent":
                vals["disclosure_authority"] = False
            situation.write(vals)
            situation._post_consent_ended(before, day)
        return True

    def _post_consent_ended(self, before, day):
        """Tell the chatter which agencies lost the details, and which keep them."""
        self.ensure_one()
        stopped = before - self._granted_agencies()
        kept = before & self._granted_agencies()
        # sudo: the authority of each kept disclosure, named in the note.
        disclosures = self.sudo().disclosure_ids
        authorities = dict(
            disclosures._fields["authority"]._description_selection(self.env)
        )
        kept_lines = [
            self.env._(
                "%(agency)s (%(authority)s)",
                agency=agency.name,
                authority=", ".join(
                    sorted(
                        {
                            authorities[d.authority]
                            for d in disclosures
                            if d.agency_id == agency and d.authority != "consent"
                        }
                    )
                ),
            )
            for agency in kept
        ]
        self.message_post(
            body=self.env._(
                "Consent ended on %(date)s. Sharing that rested on consent stopped "
                "for: %(stopped)s. Sharing under another authority stays for: "
                "%(kept)s.",
                date=format_date(self.env, day),
                stopped=", ".join(stopped.mapped("name")) or self.env._("none"),
                kept=", ".join(kept_lines) or self.env._("none"),
            ),
            subtype_xmlid="mail.mt_note",
        )

    @api.model
    def _cron_consent_ends(self):
        """Consents past their expiry end: the disclosures resting on them stop."""
        today = fields.Date.context_today(self)
        # sudo: the job runs for every table.
        situations = self.sudo().search(
            [
                ("consent_ended", "=", False),
                ("consent_expires_on", "<", today),
            ]
        )
        for situation in situations:
            before = situation._granted_agencies()
            self.env.add_to_compute(self._fields["consent_ended"], situation)
            situation.flush_recordset(["consent_ended"])
            situation._post_consent_ended(before, situation.consent_expires_on)
        return situations
