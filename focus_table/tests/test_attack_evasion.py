from markupsafe import Markup

from odoo import fields
from odoo.tests import tagged

from .attack_common import AttackCase
from .security_common import FocusSecurityCase


@tagged("post_install", "-at_install")
class TestGuardCannotBeEvaded(AttackCase):
    """Class 3: the name is found however it is disguised, and in texts written
    before the identity was entered."""

    def assert_refused_everywhere(self, text, html=None):
        """Refused in a plain text field, an HTML field and a chatter message."""
        self.refused_detail(
            "focus.situation", "write", [self.accepted.id], {"decision_note": text}
        )
        self.refused_detail(
            "focus.situation",
            "write",
            [self.accepted.id],
            {"notes": html or f"<p>{text}</p>"},
        )
        self.refused_detail(
            "focus.situation",
            "message_post",
            [self.accepted.id],
            body=html or text,
            body_is_html=bool(html),
        )

    def test_invisible_characters(self):
        self.as_user(self.user_health)
        for text in (
            "Ro\u200bbin Test\u200bcase",  # zero-width space
            "Robin Test\u200dcase",  # zero-width joiner
            "Rob\u2060in Testcase",  # word joiner
            "Robin Test\u00adcase",  # soft hyphen
            "Robin \u200eTestcase\u200f",  # direction marks
            "Testcase\ufeff",  # byte order mark
        ):
            with self.subTest(text=ascii(text)):
                self.assert_refused_everywhere(text)

    def test_look_alike_letters(self):
        self.as_user(self.user_health)
        for text in (
            "R\u043ebin T\u0435stc\u0430s\u0435",  # Cyrillic o, e, a
            "Rob\u0456n Testcase",  # Cyrillic i
            "T\u0435stcase",  # Cyrillic e
            "Test\u0441ase",  # Cyrillic es looks like c
            "R\u03bfbin Testcase",  # Greek omicron
            "\uff32\uff4f\uff42\uff49\uff4e",  # full-width letters
            "\u0422\u0435\u0455\u0442\u0441\u0430\u0455\u0435",  # all Cyrillic
            "12 \u041d\u0456dden Lane",  # Cyrillic En and i in the street
        ):
            with self.subTest(text=ascii(text)):
                self.assert_refused_everywhere(text)

    def test_html_attributes_and_split_words(self):
        self.as_user(self.user_health)
        for html in (
            '<p title="Robin Testcase">See the file</p>',
            '<img alt="Testcase" src="/web/image/1"/>',
            '<a href="https://example.org/?q=Testcase">link</a>',
            "<p>Ro<b>bin</b> Test<i>case</i></p>",
            "<p>Test<span></span>case</p>",
        ):
            with self.subTest(html=html):
                self.refused_detail(
                    "focus.situation",
                    "write",
                    [self.accepted.id],
                    {"notes": html},
                )
                self.refused_detail(
                    "focus.situation",
                    "message_post",
                    [self.accepted.id],
                    body=html,
                    body_is_html=True,
                )

    def test_ordinary_text_still_passes(self):
        self.as_user(self.user_health)
        for text in (
            "Youth missing from school; the family asked for help.",
            "Семья просит помощи.",
            "<p title='Case conference'>Conference <b>booked</b></p>",
        ):
            with self.subTest(text=text):
                self.call(
                    "focus.situation",
                    "write",
                    [self.accepted.id],
                    {"notes": text if text.startswith("<") else f"<p>{text}</p>"},
                )

    def test_texts_written_before_the_identity_are_checked_again(self):
        """Written by the chair, who did not know the name then; the originating
        agency then enters the identity: every hit goes to the chair's review."""
        Log = self.env["focus.access.log"].sudo()
        situation = self.env["focus.situation"].create(self._situation_vals())
        situation.action_submit()
        situation.with_user(self.user_chair).write(
            {"decision_note": "Neighbours call him Jesper Earlyname."}
        )
        situation.with_user(self.user_chair).message_post(
            body=Markup("<p>Jesper Earlyname was seen.</p>"), message_type="comment"
        )
        self.env["ir.attachment"].create(
            {
                "name": "notes.txt",
                "raw": b"Jesper lives at 8 Early Street",
                "mimetype": "text/plain",
                "res_model": "focus.situation",
                "res_id": situation.id,
            }
        )
        self.assertFalse(Log.search([("situation_id", "=", situation.id)]))
        self.as_user(self.user_police)
        self.call(
            "focus.situation.identity",
            "create",
            [{"situation_id": situation.id, "name": "Jesper Earlyname"}],
        )
        entries = Log.search(
            [("situation_id", "=", situation.id), ("channel", "=", "blocked")]
        )
        self.assertEqual(len(entries), 3, entries.mapped("reason"))
        for entry in entries:
            self.assertNotIn("Jesper", entry.reason)
            self.assertNotIn("Earlyname", entry.reason)
        Log._check_flags()
        self.assertEqual(set(entries.mapped("flag")), {"blocked"})
        self.assertIn(self.user_chair, entries.activity_ids.user_id)


class TestRecheckQueryCount(FocusSecurityCase):
    """The re-check made when an identity is entered reads the identities once
    and the texts by one search per model: its queries do not grow with the
    messages, attachments and actions of the situation."""

    def entered(self, situation, scale):
        for index in range(scale):
            situation.message_post(body=f"Update {index}", message_type="comment")
            self.env["ir.attachment"].create(
                {
                    "name": f"plan-{index}.txt",
                    "res_model": "focus.situation",
                    "res_id": situation.id,
                }
            )
            self.env["focus.action"].create(
                {
                    "name": f"Check in {index}",
                    "situation_id": situation.id,
                    "agency_id": self.police.id,
                    "date_deadline": fields.Date.today(),
                }
            )
        self.env.flush_all()
        self.env.invalidate_all()
        before = self.cr.sql_log_count
        self.env["focus.deidentified.mixin"]._recheck_deidentified_texts(situation)
        return self.cr.sql_log_count - before

    def test_queries_do_not_grow_with_the_texts(self):
        counts = []
        for scale in (2, 12):
            situation = self.env["focus.situation"].create(
                self._situation_vals(lead_agency_id=self.health.id)
            )
            self.env["focus.situation.identity"].create(
                {"situation_id": situation.id, "name": "Quinn Countperson"}
            )
            situation.action_submit()
            situation.date_decision = fields.Datetime.now()
            situation.action_accept()
            counts.append(self.entered(situation, scale))
        self.assertEqual(counts[0], counts[1], counts)
