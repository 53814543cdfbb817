import hashlib
import subprocess
from datetime import date, datetime
from unittest.mock import patch

from odoo import Command
from odoo.exceptions import AccessError, UserError

from odoo.addons.base.models import ir_actions_report

from .common import FocusReportCase

AGENDA = "focus_table_reports.action_report_meeting_agenda"
MINUTES = "focus_table_reports.action_report_meeting_minutes"


class TestMeetingReports(FocusReportCase):
    """Agenda and minutes of a meeting of the controlled quarter, and the
    meeting figures of the statistics.

    Riverside meets on 28 Jan 2025 (closed; 5 of 6 expected present; one
    action left open, one found no longer possible) and on 4 Feb 2025 (closed;
    chair, archivist, police and health present and acknowledged, housing
    excused, school absent, one guest). A cancelled meeting in March and one
    in April are not counted: 9 present of 12 expected in the quarter.
    """

    GUEST = "Dr. Ada Visitor"
    NEW_IDENTITY = "Yorick Pembleton-Quaid"

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(context=dict(cls.env.context, no_mail_to_attendees=True))
        (cls.table | cls.table_north).write({"meeting_tz": "UTC"})
        Meeting = cls.env["focus.meeting"]
        Item = cls.env["focus.meeting.item"]
        Action = cls.env["focus.action"]

        def meeting_at(start, table=None):
            return Meeting.create(
                {
                    "table_id": (table or cls.table).id,
                    "date_start": start,
                    "location": "Town hall, room 4",
                    "videocall_url": "https://meet.example.com/trv",
                    "minute_taker_id": cls.user_archivist.id,
                }
            )

        # The meeting before.
        cls.previous = meeting_at(datetime(2025, 1, 28, 10, 0))
        Item.create(
            {
                "meeting_id": cls.previous.id,
                "kind": "other",
                "name": "Terms of reference",
            }
        )

        def previous_action(name, situation, agency, **vals):
            return Action.create(
                {
                    "name": name,
                    "meeting_id": cls.previous.id,
                    "situation_id": situation.id,
                    "agency_id": agency.id,
                    "date_deadline": date(2025, 2, 1),
                    **vals,
                }
            )

        cls.action_open = previous_action(
            "Call the family doctor about the missed appointments",
            cls.intervened[10],
            cls.health,
        )
        cls.action_gone = previous_action(
            "Visit the shared flat with the landlord",
            cls.intervened[11],
            cls.housing,
            result="The tenant left the flat; no forwarding address.",
        )
        cls.action_gone.action_not_possible()
        cls.previous.with_user(cls.user_chair).action_start()
        cls.previous.attendance_ids.filtered(
            lambda a: a.user_id != cls.user_school
        ).status = "present"
        cls.previous.with_user(cls.user_chair).action_close()

        # The meeting printed.
        cls.new_case = cls.env["focus.situation"].create(
            cls._situation_vals(
                date_received="2025-02-01",
                subject_type="family",
                age_band_id=cls.env.ref("focus_table.focus_age_band_6_11").id,
                risk_factor_ids=[Command.set((cls.factor_a | cls.factor_c).ids)],
            )
        )
        cls.new_case.action_submit()
        cls.env["focus.situation.identity"].create(
            {
                "situation_id": cls.new_case.id,
                "name": cls.NEW_IDENTITY,
                "address": "9 Wren Court",
            }
        )
        cls.meeting = meeting_at(datetime(2025, 2, 4, 10, 0))
        cls.update_item = Item.create(
            {
                "meeting_id": cls.meeting.id,
                "sequence": 10,
                "kind": "update",
                "situation_id": cls.intervened[9].id,
                "notes": "Lead agency reports steady contact.",
            }
        )
        cls.review_item = Item.create(
            {
                "meeting_id": cls.meeting.id,
                "sequence": 20,
                "kind": "action_review",
                "action_id": cls.action_open.id,
                "situation_id": cls.intervened[10].id,
            }
        )
        cls.new_item = Item.create(
            {
                "meeting_id": cls.meeting.id,
                "sequence": 30,
                "kind": "new_situation",
                "situation_id": cls.new_case.id,
            }
        )
        meeting = cls.meeting.with_user(cls.user_chair)
        meeting.action_start()
        for user in (
            cls.user_chair,
            cls.user_archivist,
            cls.user_police,
            cls.user_health,
        ):
            cls.meeting.with_user(user).action_acknowledge_confidentiality()
        cls.meeting.attendance_ids.filtered(
            lambda a: a.user_id == cls.user_housing
        ).status = "excused"
        cls.env["focus.meeting.attendance"].create(
            {
                "meeting_id": cls.meeting.id,
                "guest_name": cls.GUEST,
                "status": "guest",
            }
        )
        item = cls.new_item.with_user(cls.user_chair)
        item.write(
            {
                "notes": "Consensus: acutely elevated risk.",
                "lead_agency_id": cls.health.id,
                "assisting_agency_ids": [Command.set(cls.school.ids)],
            }
        )
        item.action_accept()
        item.write(
            {
                "action_ids": [
                    Command.create(
                        {
                            "name": "Home visit with the school social worker",
                            "agency_id": cls.health.id,
                            "user_id": cls.user_health.id,
                            "date_deadline": date(2025, 2, 6),
                        }
                    )
                ],
            }
        )
        meeting.action_close()

        # Not counted: cancelled, or held after the quarter.
        cls.cancelled = meeting_at(datetime(2025, 3, 4, 10, 0))
        cls.cancelled.action_cancel()
        cls.april = meeting_at(datetime(2025, 4, 1, 10, 0))
        cls.april.action_start()
        cls.april.action_close()

    def assertNoMeetingIdentity(self, text):
        self.assertNoIdentity(text)
        for value in (self.NEW_IDENTITY, "Pembleton", "Wren Court"):
            self.assertNotIn(value, text)

    # ------------------------------------------------------------------
    # Agenda
    # ------------------------------------------------------------------
    def test_agenda_pdf(self):
        text = self.pdf_text(self.render_pdf(AGENDA, self.meeting, self.user_archivist))
        # Table cells wrap and sit side by side: compare words, not lines.
        flat = " ".join(text.split())
        for expected in (
            "Meeting Agenda",
            self.table.name,
            self.meeting.name,
            "Tuesday 4 February 2025, 10:00",
            "Town hall, room 4",
            "https://meet.example.com/trv",
            self.user_chair.login,
            "Everything discussed at this table is confidential",
            "Updates on open situations",
            self.intervened[9].name,
            "Call the family doctor",
            "New situations",
            self.new_case.name,
            "Family",
            "6–11",
            self.cat_a.name,
            self.cat_c.name,
            self.sector_police.name,
        ):
            self.assertIn(expected, flat)
        # Updates first, then actions to review, then new situations.
        self.assertLess(
            flat.index("Updates on open"), flat.index("Call the family doctor")
        )
        self.assertLess(
            flat.index("Call the family doctor"), flat.index("New situations")
        )
        self.assertLess(flat.index("New situations"), flat.index(self.new_case.name))
        # Never an identity, nor the de-identified summary.
        self.assertNoMeetingIdentity(text)
        self.assertNotIn(self.new_case.summary, text)

    def test_agenda_access(self):
        # Members do not print agendas; other tables' people cannot read the meeting.
        for user in (self.user_police, self.user_other):
            with self.assertRaises(AccessError):
                self.render_pdf(AGENDA, self.meeting, user)
        # An archivist who has not acknowledged the confidentiality statement of a
        # meeting cannot read its items, hence cannot print it; its chair can.
        with self.assertRaisesRegex(AccessError, "Acknowledge the confidentiality"):
            self.render_pdf(AGENDA, self.previous, self.user_archivist)
        text = self.pdf_text(self.render_pdf(AGENDA, self.previous, self.user_chair))
        self.assertIn("Terms of reference", text)
        report = self.env.ref(AGENDA)
        self.assertEqual(report.binding_model_id.model, "focus.meeting")

    # ------------------------------------------------------------------
    # Minutes
    # ------------------------------------------------------------------
    def test_minutes_pdf(self):
        text = self.pdf_text(
            self.render_pdf(MINUTES, self.meeting, self.user_archivist)
        )
        flat = " ".join(text.split())
        self.assertIn("Meeting Minutes", text)
        self.assertIn("DRAFT, NOT APPROVED", text.upper())
        # Attendance, with agencies and acknowledgements; apologies; absences.
        for user in (self.user_chair, self.user_police, self.user_health):
            self.assertIn(user.login, text)
        self.assertIn(self.police.name, text)
        self.assertIn(f"{self.GUEST} (guest)", flat)
        self.assertIn("Not acknowledged", text)  # the guest
        self.assertRegex(
            flat, rf"Apologies {self.user_housing.login} .*\({self.housing.name}\)"
        )
        self.assertRegex(
            flat, rf"Absent {self.user_school.login} .*\({self.school.name}\)"
        )
        # Each item, with decision, agencies and actions.
        self.assertIn(f"1. Update: {self.intervened[9].name}", flat)
        self.assertIn("Lead agency reports steady contact.", flat)
        self.assertIn(f"3. New Situation: {self.new_case.name}", flat)
        self.assertIn("Accepted (AER)", text)
        rows = self.report_rows(MINUTES, self.meeting, self.user_archivist)
        self.assertFigure(rows, "Lead agency", self.health.name)
        self.assertFigure(rows, "Assisting", self.school.name)
        self.assertIn("Home visit with the school social worker", text)
        self.assertIn("02/06/2025", text)
        self.assertIn(self.user_health.login, text)
        # Incomplete actions of the last meeting: not done, and no longer possible.
        self.assertIn("Incomplete actions from the last meeting", text)
        self.assertIn(self.previous.name, text)
        self.assertRegex(flat, r"Call the family doctor .* Not done")
        self.assertRegex(flat, r"Visit the shared flat .* No longer possible")
        self.assertIn("The tenant left the flat", flat)
        self.assertIn("Draft minutes, not approved yet.", text)
        self.assertNotIn("Minutes text", text)
        self.assertNoMeetingIdentity(text)
        self.assertNotIn(self.new_case.summary, text)

    def test_minutes_access(self):
        for user in (self.user_police, self.user_health, self.user_other):
            with self.assertRaises(AccessError):
                self.render_pdf(MINUTES, self.meeting, user)
        with self.assertRaisesRegex(AccessError, "Acknowledge the confidentiality"):
            self.render_pdf(MINUTES, self.previous, self.user_archivist)

    def test_edited_minutes_text_is_kept(self):
        meeting = self.meeting.with_user(self.user_chair)
        meeting.minutes = meeting.minutes + "<p>Next meeting in the library.</p>"
        text = self.pdf_text(self.render_pdf(MINUTES, self.meeting, self.user_chair))
        self.assertIn("Minutes text", text)
        self.assertIn("Next meeting in the library.", text)

    def test_approval_archives_the_printed_minutes(self):
        self.env["ir.config_parameter"].sudo().set_param(
            "report.url", self._report_url()
        )
        meeting = self.meeting.with_user(self.user_chair).with_context(
            force_report_rendering=True
        )
        with self.allow_pdf_render():
            meeting.action_approve()
        self.assertEqual(meeting.state, "approved")
        attachment = meeting.minutes_attachment_id.sudo()
        self.assertEqual(attachment.mimetype, "application/pdf")
        self.assertEqual(attachment.name, f"Minutes {meeting.name}.pdf")
        self.assertTrue(attachment.raw.startswith(b"%PDF"))
        self.assertEqual(
            meeting.minutes_sha256, hashlib.sha256(attachment.raw).hexdigest()
        )
        text = self.pdf_text(attachment.raw)
        flat = " ".join(text.split())
        self.assertIn("APPROVED MINUTES", text.upper())
        self.assertIn(f"Approved by {self.user_chair.login}", flat)
        self.assertIn(self.new_case.name, text)
        self.assertNoMeetingIdentity(text)
        # Printed again later, the minutes show who approved them and when.
        again = self.pdf_text(
            self.render_pdf(MINUTES, self.meeting, self.user_archivist)
        )
        self.assertIn(f"Approved by {self.user_chair.login}", " ".join(again.split()))

    def test_failing_wkhtmltopdf_keeps_the_meeting_closed(self):
        """wkhtmltopdf exits 1 ("loaded with errors": Odoo only logs it) or 2,
        writing no PDF: a clear error, and nothing approved or archived."""
        meeting = self.meeting.with_user(self.user_chair).with_context(
            force_report_rendering=True
        )
        Report = type(self.env["ir.actions.report"])
        for status in (1, 2):

            def failing(args, status=status):
                return subprocess.CompletedProcess(
                    args, status, "", "Exit with code 1 due to network error"
                )

            with (
                patch.object(ir_actions_report, "_run_wkhtmltopdf", failing),
                patch.object(Report, "get_wkhtmltopdf_state", lambda self: "ok"),
                self.assertRaisesRegex(UserError, "could not be printed"),
            ):
                meeting.action_approve()
            self.assertEqual(meeting.state, "done")
            self.assertFalse(meeting.minutes_attachment_id or meeting.minutes_sha256)
            self.assertFalse(
                self.env["ir.attachment"].search(
                    [("res_model", "=", "focus.meeting"), ("res_id", "=", meeting.id)]
                )
            )

    def test_approval_without_pdf_keeps_the_html_document(self):
        # Test runs that do not ask for PDFs get the meetings feature's HTML.
        self.meeting.with_user(self.user_chair).action_approve()
        attachment = self.meeting.minutes_attachment_id.sudo()
        self.assertTrue(attachment.name.endswith(".html"))
        self.assertFalse(attachment.raw.startswith(b"%PDF"))

    # ------------------------------------------------------------------
    # Figures
    # ------------------------------------------------------------------
    def test_meeting_figures(self):
        figures = (
            self.env["focus.statistics"]
            .with_user(self.user_archivist)
            .compute(self.DATE_FROM, self.DATE_TO, self.table)
        )
        self.assertEqual(figures["meetings"], self.previous | self.meeting)
        self.assertEqual(figures["meetings_held"], 2)
        self.assertEqual(figures["attendance_expected"], 12)
        self.assertEqual(figures["attendance_present"], 9)
        self.assertAlmostEqual(figures["attendance_rate"], 75.0)

    def test_attendance_view(self):
        Report = self.env["focus.meeting.attendance.report"]
        rows = Report.with_user(self.user_archivist).search([])
        self.assertEqual(rows.table_id, self.table)
        domain = [
            ("meeting_date", ">=", self.DATE_FROM),
            ("meeting_date", "<=", self.DATE_TO),
            ("meeting_state", "in", ("done", "approved")),
        ]
        [(expected, present, rate)] = Report.with_user(self.user_chair)._read_group(
            domain,
            [],
            ["expected_count:sum", "present_count:sum", "attendance_rate:avg"],
        )
        self.assertEqual((expected, present), (12, 9))
        self.assertAlmostEqual(rate, 75.0)
        self.assertNotIn(self.cancelled, rows.meeting_id)
        for user in (self.user_police, self.user_other):
            with self.assertRaises(AccessError):
                Report.with_user(user).search([])
        self.assertFalse(
            {"user_id", "guest_name", "display_name_person"} & set(Report._fields)
        )
        values = repr(rows.read([f for f in Report._fields if f != "id"]))
        self.assertNotIn(self.GUEST, values)

    def test_action_view(self):
        Report = self.env["focus.action.report"]
        rows = Report.with_user(self.user_archivist).search(
            [("meeting_id", "in", (self.previous | self.meeting).ids)]
        )
        self.assertEqual(len(rows), 3)
        by_state = dict(
            Report.with_user(self.user_archivist)._read_group(
                [("id", "in", rows.ids)], ["state"], ["__count"]
            )
        )
        self.assertEqual(by_state, {"open": 2, "not_possible": 1})
        overdue = rows.filtered("is_overdue")
        self.assertEqual(overdue.situation_id, self.intervened[10] | self.new_case)
        self.assertEqual(rows.sector_id, self.sector_health | self.sector_housing)
        for user in (self.user_police, self.user_other):
            with self.assertRaises(AccessError):
                Report.with_user(user).search([])
        self.assertFalse({"name", "result", "user_id"} & set(Report._fields))
