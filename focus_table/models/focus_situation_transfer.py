"""Transfer between tables: the subject moved to another table's area."""

from odoo import fields, models
from odoo.exceptions import UserError

from .focus_disclosure import AUTHORITIES
from .focus_step_guard import step, step_today

# The de-identified facts a transferred situation takes to its new table.
TRANSFERRED_FIELDS = ("subject_type", "age_band_id", "gender", "summary")
IDENTITY_FIELDS = (
    "role",
    "name",
    "aliases",
    "birth_date",
    "address",
    "contact",
    "notes",
)


class FocusSituationTransfer(models.AbstractModel):
    """Part of ``focus.situation`` (see the module's docstring)."""

    _name = "focus.situation.transfer"
    _description = "Situation: Transfer Between Tables"

    transferred_to_id = fields.Many2one(
        "focus.situation",
        readonly=True,
        copy=False,
        index="btree_not_null",
    )
    transferred_from_id = fields.Many2one(
        "focus.situation",
        readonly=True,
        copy=False,
        index="btree_not_null",
    )

    @step
    def action_transfer(
        self,
        table_id,
        receiving_agency_id,
        reason,
        share_identities=False,
        authority=None,
    ):
        """The chair hands the situation to another table that takes transfers.

        The receiving table gets a new submitted situation with the de-identified
        facts and a link; this one is closed, concluded as transferred. The
        identifying details go along only when asked, under a legal authority
        recorded as a disclosure, to the receiving agency alone.
        """
        self.ensure_one()
        self.check_access("write")
        self._check_step_state(
            ("submitted", "accepted", "intervention"), self.env._("transferred")
        )
        self._check_chair(self.env._("transfer"))
        # sudo: the receiving table may be one the chair cannot read.
        target = self.env["focus.table"].sudo().browse(table_id).exists()
        agency = self.env["focus.agency"].sudo().browse(receiving_agency_id).exists()
        self._check_transfer(target, agency, reason, share_identities, authority)
        day = step_today(self)
        # sudo: the new situation belongs to a table the chair may not sit at; it
        # carries the de-identified facts only.
        new = self.sudo().create(
            {
                "table_id": target.id,
                "originating_agency_id": agency.id,
                "date_received": day,
                "risk_factor_ids": [fields.Command.set(self.risk_factor_ids.ids)],
                "transferred_from_id": self.id,
                "consent_status": self.consent_status
                if share_identities
                else "not_sought",
                "disclosure_authority": authority if share_identities else False,
                **self._convert_to_write(
                    {name: self[name] for name in TRANSFERRED_FIELDS}
                ),
            }
        )
        if share_identities:
            self._transfer_identities(new, agency, authority, reason.strip())
        new.action_submit()
        transferred = self.env.ref("focus_table.focus_conclusion_transferred")
        self.write(
            {
                "transferred_to_id": new.id,
                "state": "closed",
                "conclusion_id": transferred.id,
                "date_closed": day,
            }
        )
        self.message_post(
            body=self.env._(
                "Transferred to %(table)s as %(ref)s: %(reason)s",
                table=target.name,
                ref=new.name,
                reason=reason.strip(),
            ),
            subtype_xmlid="mail.mt_note",
        )
        new.message_post(
            body=self.env._(
                "Transferred from %(table)s (%(ref)s): %(reason)s",
                table=self.table_id.name,
                ref=self.name,
                reason=reason.strip(),
            ),
            subtype_xmlid="mail.mt_note",
        )
        return new.id

    def _check_transfer(self, target, agency, reason, share_identities, authority):
        if not target:
            raise UserError(self.env._("Choose the table that takes the situation."))
        if target == self.table_id:
            raise UserError(self.env._("A situation is transferred to another table."))
        if not target.accepts_transfers:
            raise UserError(
                self.env._(
                    "%(table)s does not take transfers from other tables.",
                    table=target.name,
                )
            )
        if not agency:
            raise UserError(
                self.env._("Choose the agency that takes the situation in.")
            )
        target._check_seated(agency)
        if not (reason or "").strip():
            raise UserError(self.env._("Say why the situation moves to another table."))
        if not share_identities:
            return
        if authority not in dict(AUTHORITIES):
            raise UserError(
                self.env._(
                    "Name the legal authority under which the identifying details go "
                    "to %(table)s.",
                    table=target.name,
                )
            )
        if authority == "consent" and (
            self.consent_status != "obtained" or self.consent_ended
        ):
            raise UserError(
                self.env._(
                    "%(ref)s holds no consent in force: name another legal authority.",
                    ref=self.name,
                )
            )
        agency._check_agreements(step_today(self))

    def _transfer_identities(self, new, agency, authority, reason):
        """Copy the identities to the new situation and record the disclosure."""
        # sudo: the step checked the chair and the authority; the values are read
        # and written by the server, and the disclosure records that they moved.
        identities = self.sudo().identity_ids
        self.env["focus.situation.identity"].sudo().create(
            [
                {
                    "situation_id": new.id,
                    **identity._convert_to_write(
                        {name: identity[name] for name in IDENTITY_FIELDS}
                    ),
                }
                for identity in identities
            ]
        )
        self.env["focus.disclosure"].sudo().create(
            self._disclosure_vals(agency, "transfer", authority, reason)
        )
