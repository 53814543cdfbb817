from datetime import timedelta

from odoo import Command, fields
from odoo.exceptions import UserError

from .common import FocusTableCase


class TestSituationWorkflow(FocusTableCase):
    def assertRefused(self, situation, method, message, *args, **kwargs):
        """The step raises a UserError naming the problem and changes nothing."""
        before = self._snapshot(situation)
        with self.assertRaisesRegex(UserError, message):
            getattr(situation, method)(*args, **kwargs)
        self.assertEqual(self._snapshot(situation), before)

    def test_reference_number_per_table(self):
        first = self._new_situation()
        second = self._new_situation()
        north = self._new_situation(
            table_id=self.table_north.id, originating_agency_id=self.school.id
        )
        year = fields.Date.today().year
        self.assertRegex(first.name, rf"^TRV-{year}-\d{{5}}$")
        self.assertRegex(north.name, rf"^TNG-{year}-\d{{5}}$")
        self.assertEqual(int(second.name[-5:]), int(first.name[-5:]) + 1)
        # Deleting a draft never frees its number.
        last = second.name
        second.unlink()
        third = self._new_situation()
        self.assertGreater(third.name, last)
        with self.assertRaises(UserError):
            first.copy()

    def test_full_path_through_buttons(self):
        situation = self._new_situation()
        self.assertEqual(situation.state, "draft")
        # Tracking starts after the creating transaction, as in real use.
        self._flush_tracking()
        situation.action_submit()
        self.assertEqual(situation.state, "submitted")
        self.assertTrue(situation.date_submitted)
        situation.date_decision = fields.Datetime.now() - timedelta(hours=30)
        situation.action_accept()
        self.assertEqual(situation.state, "accepted")
        self.assertEqual(situation.date_presented, situation.date_decision.date())
        situation.write(
            {
                "lead_agency_id": self.health.id,
                "assisting_agency_ids": [Command.set(self.housing.ids)],
                "date_intervention": situation.date_decision + timedelta(hours=20),
            }
        )
        situation.action_start_intervention()
        self.assertEqual(situation.state, "intervention")
        self.assertAlmostEqual(situation.intervention_hours, 20.0)
        self.assertTrue(situation.within_target)
        situation.conclusion_id = self.conclusion
        situation.action_close()
        self.assertEqual(situation.state, "closed")
        self.assertEqual(situation.date_closed, fields.Date.context_today(situation))
        self._flush_tracking()
        situation.invalidate_recordset(["message_ids"])
        tracked = situation.message_ids.tracking_value_ids.field_id.mapped("name")
        for name in ("state", "lead_agency_id", "conclusion_id", "date_decision"):
            self.assertIn(name, tracked)

    def test_submit_refusals(self):
        no_factors = self._new_situation(risk_factor_ids=[])
        self.assertRefused(no_factors, "action_submit", "risk factors")
        no_subject = self._new_situation(subject_type=False)
        self.assertRefused(no_subject, "action_submit", "subject type")
        outsider = self._new_situation(originating_agency_id=self.other_police.id)
        self.assertRefused(outsider, "action_submit", "does not sit at")

    def test_a_situation_needs_its_presenting_agency(self):
        # The administrator belongs to no agency: nothing to default to.
        Situation = self.env["focus.situation"].with_user(self.user_manager)
        vals = self._situation_vals()
        del vals["originating_agency_id"]
        before = Situation.sudo().search_count([])
        with self.assertRaisesRegex(UserError, "agency that presents"):
            Situation.create(vals)
        self.assertEqual(Situation.sudo().search_count([]), before)

    def test_skipped_steps_refused(self):
        draft = self._new_situation()
        self.assertRefused(
            draft, "action_accept", "cannot be accepted while it is Draft"
        )
        self.assertRefused(draft, "action_start_intervention", "while it is Draft")
        self.assertRefused(draft, "action_close", "while it is Draft")
        draft.action_submit()
        self.assertRefused(draft, "action_close", "while it is Submitted")
        self.assertRefused(draft, "action_submit", "while it is Submitted")

    def test_accept_needs_decision_date(self):
        situation = self._new_situation()
        situation.action_submit()
        self.assertRefused(situation, "action_accept", "decision date")
        self.assertRefused(situation, "action_reject", "decision date")

    def test_intervention_needs_lead_and_valid_date(self):
        situation = self._accepted_situation()
        self.assertRefused(situation, "action_start_intervention", "lead agency")
        situation.lead_agency_id = self.health
        self.assertRefused(
            situation, "action_start_intervention", "date of the first intervention"
        )
        situation.date_intervention = situation.date_decision - timedelta(hours=1)
        self.assertRefused(
            situation, "action_start_intervention", "before its acceptance"
        )

    def test_close_needs_conclusion_and_reopen_needs_reason(self):
        situation = self._accepted_situation(lead_agency_id=self.health.id)
        situation.date_intervention = situation.date_decision + timedelta(hours=1)
        situation.action_start_intervention()
        self.assertRefused(situation, "action_close", "conclusion")
        situation.conclusion_id = self.conclusion
        situation.action_close()
        self.assertRefused(situation, "action_reopen", "reason")
        self.assertRefused(situation, "action_reopen", "reason", reason="   ")
        wizard = self.env["focus.situation.reopen"].create(
            {"situation_id": situation.id, "reason": "New incident reported by school."}
        )
        wizard.action_confirm()
        self.assertEqual(situation.state, "intervention")
        self.assertFalse(situation.conclusion_id)
        self.assertIn("New incident reported by school.", situation.message_ids[0].body)

    def test_rejection_keeps_minimal_data(self):
        situation = self._new_situation(
            notes="<p>Working note</p>",
            assisting_agency_ids=[Command.set(self.housing.ids)],
        )
        self.env["focus.situation.identity"].create(
            {
                "situation_id": situation.id,
                "name": "Jordan Example",
                "birth_date": "2010-05-01",
            }
        )
        situation.message_post(body="Comment with context", message_type="comment")
        self.env["ir.attachment"].create(
            {
                "name": "note.txt",
                "raw": b"x",
                "res_model": "focus.situation",
                "res_id": situation.id,
            }
        )
        situation.action_submit()
        situation.date_decision = fields.Datetime.now()
        situation.action_reject()
        self.assertEqual(situation.state, "rejected")
        # Kept: table, dates, originating sector, age band, gender, decision.
        self.assertEqual(situation.table_id, self.table)
        self.assertEqual(situation.originating_sector_id, self.sector_police)
        self.assertEqual(situation.age_band_id, self.age_band)
        self.assertEqual(situation.gender, "male")
        self.assertTrue(situation.date_decision and situation.date_received)
        # Removed: identities, risk factors, agencies, notes, summary, attachments.
        self.assertFalse(situation.identity_ids)
        self.assertFalse(
            self.env["focus.situation.identity"].search(
                [("situation_id", "=", situation.id)]
            )
        )
        self.assertFalse(situation.risk_factor_ids)
        self.assertFalse(situation.risk_category_ids)
        self.assertFalse(situation.assisting_agency_ids)
        self.assertFalse(situation.summary)
        self.assertFalse(situation.notes)
        self.assertFalse(situation.subject_type)
        self.assertFalse(
            situation.message_ids.filtered(lambda m: m.message_type == "comment")
        )
        self.assertFalse(
            self.env["ir.attachment"].search(
                [("res_model", "=", "focus.situation"), ("res_id", "=", situation.id)]
            )
        )

    def test_chair_walks_situation_as_chair_user(self):
        """The chair, not a superuser, takes every step through the buttons."""
        situation = self._new_situation()
        situation.with_user(self.user_police).action_submit()
        as_chair = situation.with_user(self.user_chair)
        as_chair.action_accept(
            date_decision=fields.Datetime.now() - timedelta(hours=2),
            lead_agency_id=self.health.id,
        )
        as_chair.action_start_intervention(date_intervention=fields.Datetime.now())
        as_chair.action_close(conclusion_id=self.conclusion.id)
        self.assertEqual(situation.state, "closed")
