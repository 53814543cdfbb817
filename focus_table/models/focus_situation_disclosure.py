"""Filter 3: who needs to know a situation's identities, and the disclosures
recorded when they are shared.

``_granted_agencies`` and ``_known_to`` are need-to-know, as the record rule
of ``focus.situation.identity`` says (``test_need_to_know.py`` compares them)."""

import contextvars

from odoo import fields, models
from odoo.exceptions import UserError

from .focus_agency_agreement import ISA_VALID_STATES, isa_state_on
from .focus_disclosure import AUTHORITIES
from .focus_situation_workflow import ACCEPTED_STATES
from .focus_step_guard import step, step_today

# Authorities under which the chair may share without an agreement in force.
OVERRIDE_AUTHORITIES = ("serious_harm", "statute")

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
    def _named_agencies(self):
        """Agencies, other than the originating one, the table chose to inform:
        the lead and assisting agencies, or every agency of a whole-table
        disclosure."""
        self.ensure_one()
        Agency = self.env["focus.agency"]
        if self.state not in ACCEPTED_STATES:
            return Agency
        if self.disclosure_mode == "whole_table":
            named = self.table_id.agency_ids
        else:
            named = self.lead_agency_id | self.assisting_agency_ids
        return named - self.originating_agency_id

    def _granted_agencies(self, day=None):
        """Agencies, other than the originating one, given the identifying details:
        those named, under an agreement in force (or the chair's override), and
        not cut off by the end of the consent their sharing rested on."""
        self.ensure_one()
        allowed = self._allowed_agencies(day)
        return allowed - self._consent_cut_agencies(allowed)

    def _allowed_agencies(self, day=None):
        """The named agencies under an agreement in force (today, as the record
        rule reads it, or on ``day`` for a step replayed at that date), or the
        chair's override."""
        self.ensure_one()
        named = self._named_agencies()
        if day:
            allowed = named._isa_valid_on(day)
        else:
            allowed = named.filtered(lambda a: a.isa_state in ISA_VALID_STATES)
        return allowed | (named & self._overridden_agencies())

    def _overridden_agencies(self):
        """Agencies the chair shared with despite their agreement (an override)."""
        self.ensure_one()
        # sudo: overrides decide need-to-know for every reader.
        return self.sudo().disclosure_ids.filtered("isa_override").agency_id.sudo(False)

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
        if disclosure_authority == "consent" and any(self.mapped("consent_ended")):
            raise UserError(
                self.env._("The consent has ended: name another legal authority.")
            )
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
        if disclosure_authority and disclosure_authority != "consent":
            self._reshare_after_consent(disclosure_authority, reason.strip())
        for situation in self:
            situation.message_post(
                body=self.env._(
                    "Agencies changed by the chair: %(reason)s", reason=reason.strip()
                ),
                subtype_xmlid="mail.mt_note",
            )
        return True

    def _record_disclosures(self, before, reason=False):
        """Record each new grant of identifying details, with its authority.

        ``before``: ``{situation id: (named agencies, granted agencies)}`` before
        the change. A newly named lead or assisting agency needs an agreement in
        force on the day, or the chair's override.
        """
        Disclosure = self.env["focus.disclosure"]
        Agency = self.env["focus.agency"]
        day = step_today(self)
        vals_list = []
        for situation in self:
            named_before, granted_before = before.get(situation.id, (Agency, Agency))
            newly_named = (
                (situation.lead_agency_id | situation.assisting_agency_ids)
                - named_before
                - situation.originating_agency_id
                - situation._overridden_agencies()
            )
            if situation.state in ACCEPTED_STATES:
                newly_named._check_agreements(day)
            if situation.consent_ended:
                # Once the consent ended, sharing needs a disclosure of another
                # authority: the newly named agencies get one now; those cut off
                # with the consent are shared with again only by the chair
                # (_reshare_after_consent).
                new = situation._allowed_agencies(day) - granted_before
                new -= situation._agencies_under_consent()
            else:
                new = situation._granted_agencies(day) - granted_before
            new -= situation._overridden_agencies()
            if not new:
                continue
            situation._check_disclosure_basis(new)
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
                    situation._disclosure_vals(
                        agency, role, situation.disclosure_authority, reason
                    )
                )
        if vals_list:
            # sudo: disclosures are append-only records nobody may create by hand.
            Disclosure.sudo().create(vals_list)

    def _reshare_after_consent(self, authority, reason):
        """The chair shares again, under ``authority``, with the agencies cut off
        when the consent their sharing rested on ended."""
        vals_list = []
        for situation in self:
            cut = situation._allowed_agencies() - situation._granted_agencies()
            for agency in cut:
                role = "lead" if agency == situation.lead_agency_id else "assisting"
                if situation.disclosure_mode == "whole_table" and role != "lead":
                    role = "table"
                vals_list.append(
                    situation._disclosure_vals(agency, role, authority, reason)
                )
        if vals_list:
            # sudo: disclosures are append-only records nobody may create by hand.
            self.env["focus.disclosure"].sudo().create(vals_list)

    def _disclosures_before(self):
        """What ``_record_disclosures`` compares with: named and granted agencies."""
        Agency = self.env["focus.agency"]
        day = step_today(self)
        return {
            situation.id: (
                situation.lead_agency_id | situation.assisting_agency_ids
                if situation.state in ACCEPTED_STATES
                else Agency,
                situation._granted_agencies(day),
            )
            for situation in self
        }

    def _check_disclosure_basis(self, agencies):
        self.ensure_one()
        if (
            self.consent_status in (False, "not_sought")
            or not self.disclosure_authority
        ):
            message = self.env._(
                "Record the consent status and the legal authority of %(ref)s before "
                "its identifying details are shared with %(agencies)s."
            )
        elif self.disclosure_authority == "consent" and self.consent_ended:
            message = self.env._(
                "The consent recorded on %(ref)s has ended: name another legal "
                "authority before its identifying details are shared with "
                "%(agencies)s."
            )
        else:
            return
        names = ", ".join(agencies.mapped("name"))
        raise UserError(message % {"ref": self.name, "agencies": names})

    def _disclosure_vals(self, agency, role, authority, reason, override=False):
        self.ensure_one()
        return {
            "situation_id": self.id,
            "agency_id": agency.id,
            "role": role,
            "scope": self.disclosure_scope or self.env._("Identifying details"),
            "authority": authority,
            "consent_status": self.consent_status,
            "notice_due": authority != "consent",
            "recorded_by_id": self.env.user.id,
            "reason": reason,
            "isa_override": override,
            "agency_isa_state": isa_state_on(
                agency.isa_signed_on, agency.isa_expires_on, step_today(self)
            ),
            "agency_isa_signed_on": agency.isa_signed_on,
            "agency_isa_expires_on": agency.isa_expires_on,
        }

    @step
    def action_override_agreement(self, agency_id, role, authority, reason):
        """The chair shares with an agency whose agreement is not in force.

        Only where the table must proceed: under the risk of serious harm or a
        statute, with a reason. Recorded as a disclosure marked as an override,
        in the chatter, and given to the chairs to review on the oversight
        screen; the agency becomes the lead or an assisting agency.
        """
        self.ensure_one()
        self.check_access("write")
        self._check_step_state(
            ("accepted", "intervention"), self.env._("shared by override")
        )
        self._check_chair(self.env._("override the agreement for"))
        agency = self.env["focus.agency"].browse(agency_id).exists()
        if not agency:
            raise UserError(self.env._("Choose the agency to share with."))
        self._check_table_agencies(agency)
        if agency == self.originating_agency_id:
            raise UserError(
                self.env._("%(agency)s presented the situation.", agency=agency.name)
            )
        if role not in ("lead", "assisting"):
            raise UserError(self.env._("Say whether the agency leads or assists."))
        if authority not in OVERRIDE_AUTHORITIES:
            raise UserError(
                self.env._(
                    "An agreement can be overridden only under the risk of serious "
                    "harm or a statute."
                )
            )
        if not (reason or "").strip():
            raise UserError(
                self.env._("Say why the table must share without an agreement.")
            )
        if agency.isa_state in ISA_VALID_STATES:
            raise UserError(
                self.env._(
                    "%(agency)s holds an agreement in force: name it without an "
                    "override.",
                    agency=agency.name,
                )
            )
        self._check_disclosure_basis(agency)
        # sudo: disclosures are append-only records nobody may create by hand.
        self.env["focus.disclosure"].sudo().create(
            self._disclosure_vals(agency, role, authority, reason.strip(), True)
        )
        if role == "lead":
            vals = {"lead_agency_id": agency.id}
        else:
            vals = {"assisting_agency_ids": [fields.Command.link(agency.id)]}
        token = DISCLOSURE_REASON.set(reason.strip())
        try:
            self.write(vals)
        finally:
            DISCLOSURE_REASON.reset(token)
        self.message_post(
            body=self.env._(
                "Shared with %(agency)s without an agreement in force, under "
                "%(authority)s: %(reason)s",
                agency=agency.name,
                authority=dict(AUTHORITIES)[authority],
                reason=reason.strip(),
            ),
            subtype_xmlid="mail.mt_note",
        )
        self._schedule_override_review(agency)
        return True

    def _schedule_override_review(self, agency):
        todo = self.env.ref("mail.mail_activity_data_todo")
        for chair in self.table_id.chair_ids:
            self.activity_schedule(
                activity_type_id=todo.id,
                summary=self.env._("Review an agreement override"),
                note=self.env._(
                    "%(ref)s: shared with %(agency)s without an agreement in force.",
                    ref=self.name,
                    agency=agency.name,
                ),
                user_id=chair.id,
            )

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
