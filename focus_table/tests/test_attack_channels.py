import base64

from odoo import Command, fields
from odoo.tests import TransactionCase, new_test_user, tagged

from .attack_common import RIGHT_NAME, AttackCase

# The models whose stored texts readers see, beside Focus Table's own.
MAIL_MODELS = ("mail.message", "mail.activity", "ir.attachment", "calendar.event")
TEXT_TYPES = ("char", "text", "html")
# Stored texts that take no free text from users, with why. Everything else is
# guarded: ``_deidentified_fields`` of the Focus Table models,
# ``_focus_guarded_fields`` of the mail models.
NOT_FREE_TEXT = {
    # Reference data and configuration: written by administrators, about
    # organisations and categories, never about the persons at a table.
    "focus.sector": "*",
    "focus.age.band": "*",
    "focus.conclusion": "*",
    "focus.risk.category": "*",
    "focus.risk.factor": "*",
    "focus.action.type": "*",
    "focus.intervention.level": "*",
    "focus.area": "*",
    "focus.agency": "*",
    "focus.service": "*",
    "focus.table": "*",
    # Identifying details themselves: need-to-know only, never de-identified.
    "focus.situation.identity": "*",
    # Written by the system only (append-only logs, hashes, references).
    "focus.access.log": "*",
    "focus.export.log": "*",
    # Subject access requests: read by privacy officers and their requester
    # only, who typed the person's name themselves; references by the system.
    "focus.access.request": {"name", "reference"},
    "focus.access.request.line": {"situation_ref"},
    "focus.situation": {"name", "repeat_keys"},
    "focus.meeting": {"name", "minutes_sha256"},
    # A visiting guest's name: a professional at the meeting, not a person at risk.
    "focus.meeting.attendance": {"guest_name"},
    # mail.message: set by the mail framework from the thread, the server and the
    # author; a user's value is replaced or validated.
    # The model name of the document a record is attached to: the guard uses it
    # to find the document, whose own check then applies.
    "mail.message": {"model"},
    "ir.attachment": {"res_model", "checksum", "mimetype"},  # set by Odoo, too
    # Computed by Odoo from the document.
    "mail.activity": {"res_model", "res_name"},
    "calendar.event": {"res_model"},
    # An SQL view of the situations: its reference is the situation's.
    "focus.situation.report": "*",
}


class TestEveryTextIsGuarded(TransactionCase):
    """Class 4, completeness: every stored text field of the Focus Table models
    and of the mail models is guarded or declared to take no free text."""

    def test_every_stored_text_field_is_guarded_or_declared(self):
        models = [
            name
            for name in self.env.registry
            if name.startswith("focus.")
            and not self.env[name]._abstract
            and not self.env[name]._transient
        ] + list(MAIL_MODELS)
        missing = []
        for name in models:
            Model = self.env[name]
            guarded = set(getattr(Model, "_deidentified_fields", ())) | set(
                getattr(Model, "_focus_guarded_fields", ())
            )
            exempt = NOT_FREE_TEXT.get(name, set())
            for fname, field in Model._fields.items():
                if field.type not in TEXT_TYPES or not field.store:
                    continue
                if exempt == "*" or fname in exempt or fname in guarded:
                    continue
                missing.append(f"{name}.{fname}")
        self.assertEqual(missing, [], "neither guarded nor declared")
        for name, exempt in NOT_FREE_TEXT.items():
            if exempt != "*":
                with self.subTest(model=name):
                    self.assertLessEqual(exempt, set(self.env[name]._fields))


@tagged("post_install", "-at_install")
class TestNoUnguardedChannel(AttackCase):
    """Class 4: no channel takes a name that the de-identified texts refuse.

    The writer is one who knows the name (the lead agency, or a chair of that
    agency); the readers of each channel are outside need-to-know.
    """

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.table.meeting_tz = "UTC"
        cls.user_health_chair = new_test_user(
            cls.env,
            login="t_health_chair",
            groups="base.group_user,focus_table.group_chair",
            focus_agency_id=cls.health.id,
        )
        cls.table.chair_ids += cls.user_health_chair
        cls.meeting = cls.env["focus.meeting"].create(
            {"table_id": cls.table.id, "date_start": fields.Datetime.now()}
        )
        cls.meeting.with_user(cls.user_chair).action_prepare_agenda()

    def test_mail_message_create_and_write(self):
        self.as_user(self.user_health)
        [message_id] = self.call(
            "focus.situation",
            "message_post",
            [self.accepted.id],
            body="Visit booked.",
            message_type="comment",
        )
        for vals in (
            {"body": f"<p>{RIGHT_NAME} moved.</p>"},
            {"subject": RIGHT_NAME},
        ):
            with self.subTest(vals=vals):
                self.refused_detail("mail.message", "write", [message_id], vals)
        for vals in (
            {"subject": f"About {RIGHT_NAME}"},
            {"email_from": f'"{RIGHT_NAME}" <someone@example.org>'},
            {"message_id": f"<{RIGHT_NAME}@example.org>"},
            {"reply_to": "robin.testcase@example.org", "body": "Testcase"},
        ):
            with self.subTest(vals=vals):
                self.refused_detail(
                    "mail.message",
                    "create",
                    [
                        {
                            "model": "focus.situation",
                            "res_id": self.accepted.id,
                            "message_type": "comment",
                            "body": "Update",
                            **vals,
                        }
                    ],
                )

    def test_thread_commands_on_the_document(self):
        self.as_user(self.user_health)
        for fname, command in (
            (
                "message_ids",
                Command.create({"body": "Robin", "model": "focus.situation"}),
            ),
            ("message_follower_ids", Command.create({"partner_id": 1})),
            ("activity_ids", Command.create({"summary": "Call"})),
        ):
            with self.subTest(field=fname):
                self.refused(
                    "odoo.exceptions.UserError",
                    "focus.situation",
                    "write",
                    [self.accepted.id],
                    {fname: [command]},
                )

    def test_mass_mail_composer(self):
        self.as_user(self.user_health)
        [composer] = self.call(
            "mail.compose.message",
            "create",
            [
                {
                    "composition_mode": "mass_mail",
                    "model": "focus.situation",
                    "res_ids": [self.accepted.id],
                    "subject": "Update",
                    "body": f"<p>{RIGHT_NAME} is doing better.</p>",
                    "partner_ids": [Command.set(self.user_police.partner_id.ids)],
                }
            ],
        )
        self.refused_detail("mail.compose.message", "action_send_mail", [composer])
        self.assertFalse(
            self.env["mail.mail"].sudo().search([("body_html", "ilike", "Testcase")])
        )

    def test_attachments(self):
        self.as_user(self.user_health)
        base = {"res_model": "focus.situation", "res_id": self.accepted.id}
        for vals in (
            {"name": "Robin Testcase.pdf", "datas": base64.b64encode(b"%PDF").decode()},
            {
                "name": "notes.txt",
                "mimetype": "text/plain",
                "datas": base64.b64encode(b"Lives at 12 Hidden Lane").decode(),
            },
            {"name": "scan.pdf", "description": "ID of Robin Testcase"},
            {"name": "link", "type": "url", "url": "https://example.org/testcase"},
        ):
            with self.subTest(vals=vals["name"]):
                self.refused_detail("ir.attachment", "create", [{**base, **vals}])
        [clean] = self.call("ir.attachment", "create", [{**base, "name": "plan.txt"}])
        self.refused_detail("ir.attachment", "write", [clean], {"name": "Testcase.txt"})

    def test_activities_and_their_feedback(self):
        self.as_user(self.user_health)
        model_id = self.env["ir.model"]._get_id("focus.situation")
        base = {
            "res_model_id": model_id,
            "res_id": self.accepted.id,
            "user_id": self.user_health.id,
        }
        for vals in (
            {"summary": f"Call {RIGHT_NAME}"},
            {"note": "<p>12 Hidden Lane</p>"},
        ):
            with self.subTest(vals=vals):
                self.refused_detail("mail.activity", "create", [{**base, **vals}])
        [activity] = self.call("mail.activity", "create", [{**base, "summary": "Call"}])
        self.refused_detail(
            "mail.activity", "write", [activity], {"note": f"<p>{RIGHT_NAME}</p>"}
        )
        self.refused_detail(
            "mail.activity",
            "action_feedback",
            [activity],
            feedback=f"Spoke with {RIGHT_NAME}.",
        )

    def test_calendar_event_of_a_meeting(self):
        event = self.meeting.calendar_event_id
        self.assertTrue(event)
        self.as_user(self.user_health)
        for vals in (
            {"description": f"<p>About {RIGHT_NAME}</p>"},
            {"name": "Testcase case conference"},
            {"location": "12 Hidden Lane"},
        ):
            with self.subTest(vals=vals):
                self.refused_detail("calendar.event", "write", [event.id], vals)

    def test_meeting_location_and_link(self):
        self.as_user(self.user_health_chair)
        for vals in (
            {"location": "12 Hidden Lane"},
            {"videocall_url": "https://x.org/testcase"},
        ):
            with self.subTest(vals=vals):
                self.refused_detail("focus.meeting", "write", [self.meeting.id], vals)
        self.meeting.invalidate_recordset()
        self.assertNotIn("Hidden", self.meeting.calendar_event_id.location or "")

    def test_action_without_a_situation(self):
        self.as_user(self.user_health)
        vals = self.action_vals(self.health, f"Call {RIGHT_NAME}'s aunt")
        vals.update(situation_id=False, table_id=self.table.id)
        self.refused_detail("focus.action", "create", [vals])
        vals["meeting_id"] = self.meeting.id
        self.refused_detail("focus.action", "create", [vals])

    def test_systemic_issue_title_and_addressee(self):
        self.as_user(self.user_health_chair)
        base = {
            "table_id": self.table.id,
            "situation_ids": [Command.set(self.accepted.ids)],
        }
        for vals in (
            {"name": f"Shelter beds for {RIGHT_NAME}"},
            {"name": "Shelter beds", "addressed_to": "Testcase family"},
        ):
            with self.subTest(vals=vals):
                self.refused_detail(
                    "focus.systemic.issue", "create", [{**base, **vals}]
                )

    def test_disclosure_scope(self):
        self.as_user(self.user_health)
        self.refused_detail(
            "focus.situation",
            "write",
            [self.accepted.id],
            {"disclosure_scope": f"Name ({RIGHT_NAME}) and address"},
        )
