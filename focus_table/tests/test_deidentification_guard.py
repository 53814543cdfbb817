from markupsafe import Markup

from odoo.exceptions import ValidationError

from .meeting_common import FocusMeetingCase
from .security_common import FocusSecurityCase

FOUND = "identifying detail found"


class TestDeidentificationGuard(FocusSecurityCase, FocusMeetingCase):
    """Names, birth dates, addresses and contacts of a situation's identity records
    never get into its de-identified texts; the attempt is logged, not the text."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.identity.contact = "(555) 010-2030; Sparrow.Kid@Example.org"
        cls.env["focus.situation.identity"].create(
            [
                {
                    "situation_id": cls.accepted.id,
                    "role": "family",
                    "name": "Zoé Marchetti",
                    "aliases": "Jane Doe",
                },
                {
                    "situation_id": cls.accepted.id,
                    "role": "caregiver",
                    "name": "Rose May Young",
                },
            ]
        )
        cls.meeting = cls._new_meeting(cls)
        cls.item = cls.Item.create(
            {
                "meeting_id": cls.meeting.id,
                "kind": "update",
                "situation_id": cls.accepted.id,
            }
        )
        cls.action = cls._new_action(
            cls, situation=cls.accepted, agency=cls.health, user=cls.user_health
        )

    def assertRefused(self, record, fname, text):
        with self.assertRaises(ValidationError) as caught:
            record.write({fname: text})
        message = str(caught.exception)
        self.assertIn(FOUND, message)
        self.assertIn(record._fields[fname]._description_string(self.env), message)
        for detail in ("Robin", "Testcase", "Marchetti", "Hidden", "2009", "555"):
            self.assertNotIn(detail, message, "the refusal never echoes the detail")
        return caught.exception

    def refused_keeping_log(self, func):
        """The refusal, caught without the savepoint of ``assertRaises``.

        The guard writes its log entry on the test transaction (see
        ``_log_blocked_disclosure``): rolling back to a savepoint would remove it.
        """
        try:
            func()
        except ValidationError as error:
            return error
        self.fail("The identifying detail was not refused.")

    # ------------------------------------------------------------------
    # Each de-identified field
    # ------------------------------------------------------------------
    def test_each_field_refuses_a_name(self):
        cases = (
            (self.accepted, "summary", "Robin Testcase keeps running away."),
            (self.accepted, "decision_note", "Accepted: Robin Testcase at risk."),
            (self.accepted, "notes", Markup("<p>Spoke with <b>Robin</b> today.</p>")),
            (self.item, "notes", "Update on Testcase: school attendance up."),
            (self.item, "name", "Robin Testcase"),
            (self.action, "name", "Call Robin Testcase's mother"),
            (self.action, "result", "Met Robin at school."),
            (
                self.meeting,
                "minutes",
                Markup("<ul><li>Testcase: <i>update</i> given.</li></ul>"),
            ),
        )
        for record, fname, text in cases:
            with self.subTest(model=record._name, field=fname):
                self.assertRefused(record, fname, text)

    def test_clean_texts_pass(self):
        self.accepted.write(
            {
                "summary": "Youth missing from home; the mother asks for help.",
                "decision_note": "Accepted: the risk is acutely elevated.",
                "notes": Markup("<p>School counsellor involved.</p>"),
            }
        )
        self.item.write({"notes": "Attendance improved.", "name": "Update"})
        self.action.write({"name": "Home visit", "result": "Done on 2009-09-10."})
        self.meeting.minutes = Markup("<p>Four situations reviewed.</p>")
        self.assertEqual(self.item.notes, "Attendance improved.")
        self.assertIn("reviewed", self.meeting.minutes)

    def test_create_is_checked(self):
        with self.assertRaises(ValidationError):
            self._new_action(situation=self.accepted, name="Visit Robin Testcase")
        with self.assertRaises(ValidationError):
            self.Item.create(
                {
                    "meeting_id": self.meeting.id,
                    "kind": "other",
                    "name": "Housing for the Testcase family",
                }
            )

    def test_superuser_is_refused_too(self):
        self.assertRefused(self.accepted.sudo(), "summary", "Robin Testcase")

    # ------------------------------------------------------------------
    # What is looked for
    # ------------------------------------------------------------------
    def test_case_accent_and_word_order(self):
        for text in (
            "TESTCASE, robin was seen.",
            "Seen with DOE, Jane.",
            "Seen with jane doe.",
            "Zoe Marchetti called.",
            "MARCHETTI, Zoé called.",
        ):
            with self.subTest(text=text):
                self.assertRefused(self.accepted, "summary", text)

    def test_a_name_part_alone(self):
        for text in ("Call Mrs Testcase.", "robin is at school", "Ask Ms. Zoe."):
            with self.subTest(text=text):
                self.assertRefused(self.action, "name", text)

    def test_common_words_that_are_names_pass(self):
        # "Rose May Young": each part is an ordinary word, looked for in the full
        # name only; "Robins" and "Testcases" are other words than the name parts.
        text = (
            "The young person may need support; we hope the rose garden project "
            "will help. Robins nest in the Testcases folder."
        )
        self.accepted.summary = text
        self.assertEqual(self.accepted.summary, text)
        self.assertRefused(self.accepted, "summary", "Young, Rose May visited.")

    def test_birth_date_forms(self):
        for text in (
            "Born 2009-09-09.",
            "Born 09/09/2009.",
            "Born 9/9/2009.",
            "Born 9.9.2009.",
            "Born 9 September 2009.",
            "Born September 9th, 2009.",
            "Born 9 Sep 2009.",
        ):
            with self.subTest(text=text):
                self.assertRefused(self.accepted, "summary", text)
        self.accepted.summary = "Referred 2009-09-19, seen 10/09/2009."
        self.assertIn("2009-09-19", self.accepted.summary)

    def test_address_and_contacts(self):
        for text in (
            "Lives at 12 Hidden Lane.",
            "Lives on hidden lane.",
            "Phone 555.010.2030.",
            "Phone +1 555 010 2030.",
            "Write to sparrow.kid@EXAMPLE.org.",
        ):
            with self.subTest(text=text):
                self.assertRefused(self.action, "result", text)
        self.action.result = "Left a message at 555-0100; lane closed."
        self.assertIn("555-0100", self.action.result)

    def test_only_the_situations_own_identities(self):
        # Another situation's names do not apply to this one.
        self.accepted.summary = "Drew was mentioned."
        self.assertRefused(self.draft, "summary", "Drew Draftperson")

    def test_meeting_minutes_check_every_situation_on_the_agenda(self):
        submitted = self._submitted_situation()
        self.env["focus.situation.identity"].create(
            {"situation_id": submitted.id, "name": "Drew Draftperson"}
        )
        self.Item.create(
            {
                "meeting_id": self.meeting.id,
                "kind": "new_situation",
                "situation_id": submitted.id,
            }
        )
        self.assertRefused(
            self.meeting, "minutes", Markup("<p>Draftperson discussed.</p>")
        )
        other = self._new_meeting(days=7)
        other.minutes = Markup("<p>Draftperson discussed.</p>")
        self.assertIn("Draftperson", other.minutes)

    def test_minutes_name_the_attendees(self):
        # A representative who shares a first name with the person at risk is
        # named in the minutes; the person's full name is still refused.
        self.user_health.name = "Robin Clinician"
        self.meeting.chair_id = self.user_chair
        self.env["focus.meeting.attendance"].create(
            {
                "meeting_id": self.meeting.id,
                "user_id": self.user_health.id,
                "agency_id": self.health.id,
            }
        )
        self.meeting.minutes = Markup("<p>Present: Robin Clinician.</p>")
        self.assertIn("Clinician", self.meeting.minutes)
        self.assertRefused(self.meeting, "minutes", Markup("<p>Robin Testcase</p>"))
        self.assertRefused(self.item, "notes", "Robin reported.")

    def test_table_word_list(self):
        self.table.deidentified_words = "Maple Court\nSt. Anne's School\n"
        for text in ("Seen near MAPLE court.", "Attends St Annes School."):
            with self.subTest(text=text):
                self.assertRefused(self.item, "notes", text)
        self.item.notes = "Maple trees by the court house; Anne's school bus."
        self.assertIn("Maple", self.item.notes)

    # ------------------------------------------------------------------
    # Chatter
    # ------------------------------------------------------------------
    def test_chatter_is_checked(self):
        for record in (self.accepted, self.meeting, self.action):
            with self.subTest(model=record._name):
                before = len(record.message_ids)
                with self.assertRaises(ValidationError) as caught:
                    record.message_post(body="Robin Testcase phoned.")
                self.assertIn(FOUND, str(caught.exception))
                self.assertNotIn("Robin", str(caught.exception))
                with self.assertRaises(ValidationError):
                    record.message_post(body="Update", subject="Testcase update")
                record.invalidate_recordset(["message_ids"])
                self.assertEqual(len(record.message_ids), before)
                message = record.message_post(
                    body="Home visit done.", message_type="comment"
                )
                record.invalidate_recordset(["message_ids"])
                self.assertEqual(len(record.message_ids), before + 1)
                with self.assertRaises(ValidationError):
                    record._message_update_content(message, body="Visited Testcase.")
                self.assertIn("Home visit done.", message.body)

    # ------------------------------------------------------------------
    # The access log
    # ------------------------------------------------------------------
    def test_blocked_attempt_is_logged_without_the_text(self):
        summary = self.accepted.summary
        situation = self.accepted.with_user(self.user_health)
        error = self.refused_keeping_log(
            lambda: situation.write({"summary": "Robin Testcase ran away again."})
        )
        self.assertIn(FOUND, str(error))
        entry = self.logs_for(self.user_health)
        self.assertEqual(len(entry), 1)
        self.assertEqual(entry.channel, "blocked")
        self.assertEqual(entry.situation_id, self.accepted)
        self.assertEqual(entry.agency_id, self.health)
        self.assertEqual(entry.table_id, self.table)
        self.assertIn("De-identified Summary", entry.reason)
        logged = " ".join(
            str(value or "")
            for value in entry.read(
                ["reason", "situation_ref", "identity_labels", "request_path"]
            )[0].values()
        )
        for detail in ("Robin", "Testcase", "ran away"):
            self.assertNotIn(detail, logged)
        self.assertNotEqual(summary, "Robin Testcase ran away again.")

    def test_chatter_attempt_is_logged(self):
        action = self.action.with_user(self.user_health)
        self.refused_keeping_log(lambda: action.message_post(body="Met Testcase."))
        entry = self.logs_for(self.user_health, self.accepted)
        self.assertEqual(entry.channel, "blocked")
        self.assertIn("Message", entry.reason)

    def test_the_check_is_not_a_read(self):
        # The lead agency may read the identities: reading them itself would be
        # logged. The check reads them as superuser, which is not a disclosure.
        situation = self.accepted.with_user(self.user_health)
        situation.write({"summary": "Youth missing from home again."})
        situation.message_post(body="Case conference booked.")
        self.refused_keeping_log(lambda: situation.write({"summary": "Testcase"}))
        self.assertEqual(self.logs_for(self.user_health).mapped("channel"), ["blocked"])

    def test_demo_texts_are_de_identified(self):
        riverside = self.env.ref(
            "focus_table.focus_table_riverside", raise_if_not_found=False
        )
        if not riverside:
            self.skipTest("Installed without demo data.")
        self.assertIn("Elm Street", riverside.deidentified_words)
        checked = self.env["focus.situation"]
        for model in ("focus.situation", "focus.meeting", "focus.meeting.item"):
            Model = self.env[model]
            records = Model.search([("table_id", "=", riverside.id)])
            # Raises on the first demo text that holds an identifying detail.
            records._check_deidentified(set(Model._deidentified_fields))
            if model == "focus.situation":
                checked = records
        self.assertGreater(len(checked), 5)
        open_situation = checked.filtered(lambda s: s.state == "intervention")[:1]
        with self.assertRaises(ValidationError):
            open_situation.write({"decision_note": "Seen on Elm Street."})
