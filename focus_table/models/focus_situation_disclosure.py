"""Filter 3: who needs to know a situation's identities, and the disclosures
recorded when they are shared.

``_granted_agencies`` and ``_known_to`` are need-to-know, as the record rule
of ``focus.situation.identity`` says (``test_need_to_know.py`` compares them)."""

import contextvars

from odoo import fields, models
from odoo.exceptions import UserError

from .focus_situation_workflow import ACCEPTED_STATES
from .focus_step_guard import step

# Why the agencies change, stated by the step that changes them (a variable of
# the running thread, out of RPC's reach, as the step marker).
DISCLOSURE_REASON = contextvars.ContextVar("focus_disclosure_reason", default=False)


class FocusSituationDisclosure(models.AbstractModel):
    """Part of ``focus.situation`` (see the module's docstring)."""

    _name = "focus.situation.disclosure"
    _description = "Situation: Need to Know and Disclosures"

    # ------------------------------------------------------------------
    # Filter 3: disclosures
    # ------------------------------------------------------------------
    def _granted_agencies(self):
        """Agencies, other than the originating one, given the identifying details."""
        self.ensure_one()
        Agency = self.env["focus.agency"]
        if self.state not in ACCEPTED_STATES:
            return Agency
        if self.disclosure_mode == "whole_table":
            granted = self.table_id.agency_ids
        else:
            granted = self.lead_agency_id | self.assisting_agency_ids
        return granted - self.originating_agency_id

    @step
    def action_change_agencies(
        self,
        lead_agency_id,
        assisting_agency_ids,
        reason,
        consent_status=None,
        disclosure_authority=None,
    ):
        """Filter 3 revisited: the chair changes who needs to know, and says why.

        New recipients get a disclosure record carrying the reason; agencies taken
        off the list lose access to the identifying details at once (rules).
        """
        self.check_access("write")
        self._check_step_state(
            ("accepted", "intervention"), self.env._("given new agencies")
        )
        self._check_chair(self.env._("change the agencies of"))
        if not (reason or "").strip():
            raise UserError(
                self.env._("Say why the lead or assisting agencies change.")
            )
        Agency = self.env["focus.agency"]
        lead = Agency.browse(lead_agency_id or [])
        assisting = Agency.browse(assisting_agency_ids or [])
        self._check_table_agencies(lead | assisting)
        if not lead:
            raise UserError(self.env._("Name the lead agency."))
        vals = {
            "lead_agency_id": lead.id,
            "assisting_agency_ids": [fields.Command.set((assisting - lead).ids)],
        }
        if consent_status:
            vals["consent_status"] = consent_status
        if disclosure_authority:
            vals["disclosure_authority"] = disclosure_authority
        token = DISCLOSURE_REASON.set(reason.strip())
        try:
            self.write(vals)
        finally:
            DISCLOSURE_REASON.reset(token)
        for situation in self:
            situation.message_post(
                body=self.env._(
                    "Agencies changed by the chair: %(reason)s", reason=reason.strip()
                ),
                subtype_xmlid="mail.mt_note",
            )
        return True

    def _record_disclosures(self, before, reason=False):
        """Record each new grant of identifying details, with its authority."""
        Disclosure = self.env["focus.disclosure"]
        vals_list = []
        for situation in self:
            new = situation._granted_agencies() - before.get(
                situation.id, self.env["focus.agency"]
            )
            if not new:
                continue
            if (
                situation.consent_status in (False, "not_sought")
                or not situation.disclosure_authority
            ):
                raise UserError(
                    self.env._(
                        "Record the consent status and the legal authority of %(ref)s "
                        "before "
                        "its identifying details are shared with %(agencies)s.",
                        ref=situation.name,
                        agencies=", ".join(new.mapped("name")),
                    )
                )
            whole = situation.disclosure_mode == "whole_table"
            for agency in new:
                role = (
                    "lead"
                    if agency == situation.lead_agency_id
                    else "assisting"
                    if agency in situation.assisting_agency_ids
                    else "table"
                )
                if whole and role == "assisting":
                    role = "table"
                vals_list.append(
                    {
                        "situation_id": situation.id,
                        "agency_id": agency.id,
                        "role": role,
                        "scope": situation.disclosure_scope
                        or self.env._("Identifying details"),
                        "authority": situation.disclosure_authority,
                        "consent_status": situation.consent_status,
                        "notice_due": situation.disclosure_authority != "consent",
                        "recorded_by_id": self.env.user.id,
                        "reason": reason,
                    }
                )
        if vals_list:
            # sudo: disclosures are append-only records nobody may create by hand.
            Disclosure.sudo().create(vals_list)

    def _known_to(self, user):
        """The situations of ``self`` whose identifying details ``user`` may read:
        its agency originated them or was granted them (need-to-know, as the
        record rule of ``focus.situation.identity`` says)."""
        agency = user.focus_agency_id
        if not agency:
            return self.browse()
        return self.filtered(
            lambda s: (
                agency == s.originating_agency_id or agency in s._granted_agencies()
            )
        )

    def _user_may_see_identities(self):
        """Whether the current user's agency is on the need-to-know list."""
        self.ensure_one()
        return bool(self._known_to(self.env.user))
