from datetime import datetime

import lxml.html

from odoo.addons.focus_table.tests.test_translations import load_french_terms

from .common import FocusReportCase

CASE_REPORT = "focus_table_reports.action_report_situation_case"
AGENDA = "focus_table_reports.action_report_meeting_agenda"
SUMMARY = "focus_table_reports.action_report_periodic_summary"


class TestReportLanguage(FocusReportCase):
    """A table's documents print in the table's language, whoever prints them."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        load_french_terms(cls.env)

    def html_text(self, report_xmlid, records, user, data=None):
        # As in the user's session: the context speaks the user's language.
        Report = (
            self.env["ir.actions.report"].with_user(user).with_context(lang=user.lang)
        )
        html, _kind = Report._render_qweb_html(report_xmlid, records.ids, data=data)
        return " ".join(lxml.html.fromstring(html).text_content().split())

    def test_case_report_in_the_table_language(self):
        situation = self.intervened[0]
        self.assertEqual(self.user_health.lang, "en_US")
        english = self.html_text(CASE_REPORT, situation, self.user_health)
        self.assertIn("Situation Case Report", english)
        self.assertIn("Four Filter history", english)

        self.table.lang = "fr_FR"
        french = self.html_text(CASE_REPORT, situation, self.user_health)
        self.assertIn("Rapport de cas de la situation", french)
        self.assertIn("Historique des Quatre filtres", french)
        # Words computed by the report, selection labels and reference data.
        self.assertIn("Dans le délai cible", french)
        self.assertIn("Risque global réduit", french)
        self.assertNotIn("Situation Case Report", french)
        self.assertNotIn("Four Filter history", french)
        self.assertNotIn("Within target", french)

    def test_french_reader_of_an_english_table(self):
        situation = self.intervened[0]
        self.table.lang = "en_US"
        self.user_health.lang = "fr_FR"
        text = self.html_text(CASE_REPORT, situation, self.user_health)
        self.assertIn("Situation Case Report", text)
        self.assertNotIn("Rapport de cas de la situation", text)
        # Without a table language, the reader's language is used.
        self.table.lang = False
        text = self.html_text(CASE_REPORT, situation, self.user_health)
        self.assertIn("Rapport de cas de la situation", text)

    def test_each_document_in_its_own_table_language(self):
        self.table.lang = "fr_FR"
        self.table_north.lang = "en_US"
        situations = self.intervened[0] | self.env["focus.situation"].create(
            self._situation_vals(
                table_id=self.table_north.id,
                originating_agency_id=self.other_police.id,
            )
        )
        text = self.html_text(CASE_REPORT, situations, self.env.user)
        self.assertIn("Rapport de cas de la situation", text)
        self.assertIn("Situation Case Report", text)

    def test_summary_in_the_first_table_language(self):
        self.table.lang = "fr_FR"
        wizard = self.summary_wizard(self.user_archivist)
        text = self.html_text(SUMMARY, wizard, self.user_archivist)
        self.assertIn("Sommaire périodique", text)
        self.assertIn("Situations présentées", text)
        self.assertNotIn("Periodic Summary", text)

    def test_agenda_in_the_table_language(self):
        self.table.write({"lang": "fr_FR", "meeting_tz": "UTC"})
        meeting = (
            self.env["focus.meeting"]
            .with_context(no_mail_to_attendees=True)
            .create(
                {"table_id": self.table.id, "date_start": datetime(2025, 1, 28, 10, 0)}
            )
        )
        text = self.html_text(AGENDA, meeting, self.user_chair)
        self.assertIn("Ordre du jour de la réunion", text)
        # The date is worded by the report, in French too.
        self.assertIn("mardi 28 janvier 2025", text)
        self.assertNotIn("Meeting Agenda", text)
        self.assertNotIn("Tuesday", text)
