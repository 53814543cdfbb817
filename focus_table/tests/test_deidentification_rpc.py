from odoo.tests import HttpCase, tagged

from .rpc_common import JsonRpcMixin, RpcError
from .security_common import FocusSecurityCase


@tagged("post_install", "-at_install")
class TestDeidentificationOverJsonRpc(JsonRpcMixin, FocusSecurityCase, HttpCase):
    """The web client's routes meet the same guard: a clean refusal that names the
    field and never the detail, and nothing saved."""

    def refused(self, model, method, *args, **kwargs):
        with self.assertRaises(RpcError) as caught:
            self.call(model, method, *args, **kwargs)
        message = caught.exception.message
        self.assertIn("identifying detail found", message)
        for detail in ("Robin", "Testcase", "Hidden Lane", "2009"):
            self.assertNotIn(detail, message)
        return caught.exception

    def messages(self):
        return self.env["mail.message"].search_count(
            [("model", "=", "focus.situation"), ("res_id", "=", self.accepted.id)]
        )

    def test_chatter_message_post_refused(self):
        self.as_user(self.user_health)
        before = self.messages()
        for kwargs in (
            {"body": "Robin Testcase missed school again."},
            {"body": "Seen at 12 Hidden Lane on Monday."},
            {"body": "Born 09/09/2009.", "message_type": "comment"},
            {"body": "Update", "subject": "TESTCASE, Robin"},
        ):
            with self.subTest(kwargs=kwargs):
                error = self.refused(
                    "focus.situation", "message_post", [self.accepted.id], **kwargs
                )
                self.assertEqual(error.name, "odoo.exceptions.ValidationError")
        self.assertEqual(self.messages(), before)
        self.call(
            "focus.situation",
            "message_post",
            [self.accepted.id],
            body="Case conference booked.",
        )
        self.assertEqual(self.messages(), before + 1)

    def test_web_save_refused(self):
        self.as_user(self.user_health)
        summary = self.accepted.summary
        error = self.refused(
            "focus.situation",
            "web_save",
            [self.accepted.id],
            {"summary": "Mrs Testcase called."},
            specification={"summary": {}},
        )
        self.assertIn("De-identified Summary", error.message)
        self.accepted.invalidate_recordset(["summary"])
        self.assertEqual(self.accepted.summary, summary)
