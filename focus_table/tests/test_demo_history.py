from odoo.tests import TransactionCase, tagged

DEMO_SITUATIONS = "focus_table.focus_situation_demo_"


@tagged("post_install", "-at_install")
class TestDemoHistory(TransactionCase):
    """The demo situations went through their steps as the demo users: the
    chatter shows who submitted, who decided, who intervened and concluded."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        data = cls.env["ir.model.data"].search(
            [
                ("module", "=", "focus_table"),
                ("model", "=", "focus.situation"),
                ("name", "=like", "focus_situation_demo_%"),
            ]
        )
        cls.situations = cls.env["focus.situation"].browse(data.mapped("res_id"))
        cls.odoobot = cls.env.ref("base.partner_root")

    def setUp(self):
        super().setUp()
        if not self.situations:
            self.skipTest("Installed without demo data.")

    def step_author(self, situation, new_state):
        """Who moved ``situation`` to ``new_state``, and when."""
        for message in situation.message_ids.sorted("id"):
            for value in message.sudo().tracking_value_ids:
                if (
                    value.field_id.name == "state"
                    and value.new_value_char
                    == dict(situation._fields["state"].selection)[new_state]
                ):
                    return message.author_id, message.date
        return self.env["res.partner"], None

    def test_presenters_are_the_originating_agencies_users(self):
        for situation in self.situations.filtered(lambda s: s.presenter_id):
            self.assertNotEqual(situation.presenter_id.partner_id, self.odoobot)
            self.assertEqual(
                situation.presenter_id.focus_agency_id,
                situation.originating_agency_id,
                situation.name,
            )
        self.assertFalse(
            self.situations.filtered(
                lambda s: not s.presenter_id and s.state != "rejected"
            ),
            "only a rejection clears the presenter",
        )

    def test_each_step_was_taken_by_its_role(self):
        decided = self.situations.filtered(
            lambda s: s.state in ("accepted", "rejected", "intervention", "closed")
        )
        self.assertGreaterEqual(len(decided), 20)
        self.assertIn("rejected", decided.mapped("state"))
        self.assertIn("closed", decided.mapped("state"))
        for situation in self.situations.filtered(lambda s: s.state != "draft"):
            submitter, submitted_on = self.step_author(situation, "submitted")
            self.assertTrue(submitter, f"{situation.name}: no submission")
            self.assertNotEqual(submitter, self.odoobot, situation.name)
            self.assertEqual(
                submitter.user_ids.focus_agency_id,
                situation.originating_agency_id,
                situation.name,
            )
            if situation.presenter_id:
                self.assertEqual(submitter, situation.presenter_id.partner_id)
            # The message is dated when the step was taken, not at install.
            self.assertEqual(submitted_on, situation.date_submitted, situation.name)
        chairs = self.situations.table_id.chair_ids.partner_id
        for situation in decided:
            new_state = "rejected" if situation.state == "rejected" else "accepted"
            decider, _date = self.step_author(situation, new_state)
            self.assertIn(decider, chairs, situation.name)
            self.assertIn(decider.user_ids, situation.table_id.chair_ids)
        for situation in decided.filtered(
            lambda s: s.state in ("intervention", "closed")
        ):
            for new_state in ("intervention", "closed")[
                : 2 if situation.state == "closed" else 1
            ]:
                actor, _date = self.step_author(situation, new_state)
                user = actor.user_ids
                self.assertTrue(
                    user.focus_agency_id == situation.lead_agency_id
                    or user in situation.table_id.chair_ids,
                    f"{situation.name}: {new_state} by {actor.name}",
                )
                self.assertNotEqual(actor, self.odoobot)

    def test_no_demo_situation_step_is_credited_to_odoobot(self):
        messages = self.situations.message_ids.filtered(
            lambda m: m.sudo().tracking_value_ids.filtered(
                lambda v: v.field_id.name == "state"
            )
        )
        self.assertTrue(messages)
        self.assertNotIn(self.odoobot, messages.author_id)

    def test_demo_minutes_approved_by_their_chair(self):
        approved = self.env["focus.meeting"].search(
            [
                ("state", "=", "approved"),
                ("table_id", "in", self.situations.table_id.ids),
            ]
        )
        self.assertGreaterEqual(len(approved), 3)
        for meeting in approved:
            self.assertIn(meeting.approved_by_id, meeting.table_id.chair_ids)
            self.assertTrue(meeting.minutes_attachment_id)
