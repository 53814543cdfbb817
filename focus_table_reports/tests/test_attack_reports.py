import json
from urllib.parse import quote

from odoo import fields
from odoo.tests import HttpCase, tagged

from odoo.addons.focus_table.tests.security_common import FocusSecurityCase

MINUTES = "focus_table_reports.report_meeting_minutes"


@tagged("post_install", "-at_install")
class TestMinutesReportAttacks(FocusSecurityCase, HttpCase):
    """Report URLs choose no approval, and print minutes to those who may read
    them only."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.meeting = cls._utc_meeting(fields.Datetime.now())
        meeting = cls.meeting.with_user(cls.user_chair)
        meeting.action_start()
        # No agenda item: the minutes alone decide who may print them.
        cls.meeting.item_ids.unlink()
        meeting.action_close()

    def fetch(self, user, options=None):
        self.authenticate(user.login, user.login)
        url = f"/report/html/{MINUTES}/{self.meeting.id}"
        if options is not None:
            url += "?options=" + quote(json.dumps(options))
        return self.url_open(url, timeout=60)

    def test_no_approval_from_the_url(self):
        for options in (None, {"approving": True}, {"approving": 1, "data": {}}):
            with self.subTest(options=options):
                response = self.fetch(self.user_chair, options)
                self.assertEqual(response.status_code, 200)
                self.assertIn("draft, not approved", response.text)
                self.assertNotIn("Approved by", response.text)
        self.assertEqual(self.meeting.state, "done")

    def test_minutes_print_for_those_who_may_read_them(self):
        """An archivist prints unapproved minutes once it acknowledged the
        confidentiality statement of the meeting, as for its agenda items."""
        response = self.fetch(self.user_archivist)
        self.assertNotEqual(response.status_code, 200)
        self.assertNotIn("draft, not approved", response.text)
        self.meeting.with_user(self.user_archivist).action_acknowledge_confidentiality()
        self.assertEqual(self.fetch(self.user_archivist).status_code, 200)
