import contextlib
import re
from datetime import timedelta

from odoo import fields
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import tagged

from .attack_common import RIGHT_DATE, RIGHT_NAME, WRONG_DATE, WRONG_NAME, AttackCase
from .security_common import FocusSecurityCase


@tagged("post_install", "-at_install")
class TestGuardIsNoOracle(AttackCase):
    """Class 1: for a user who may not read a situation's identities, the answer
    to a write or a post never depends on their values (acceptance or refusal,
    the error's type and text, the log entry)."""

    def vectors(self, agency):
        """{name: text -> (model, method, args, kwargs)} of the ways to save text."""
        accepted = self.accepted.id
        return {
            "action on the situation": lambda text: (
                "focus.action",
                "create",
                ([self.action_vals(agency, f"Visit {text} at home")],),
                {},
            ),
            "action on another agency's draft": lambda text: (
                "focus.action",
                "create",
                ([self.action_vals(agency, f"Visit {text}", situation=self.draft)],),
                {},
            ),
            "message": lambda text: (
                "focus.situation",
                "message_post",
                ([accepted],),
                {"body": f"{text} was seen on Monday.", "message_type": "comment"},
            ),
            "message created directly": lambda text: (
                "mail.message",
                "create",
                (
                    [
                        {
                            "model": "focus.situation",
                            "res_id": accepted,
                            "body": f"{text} was seen.",
                            "message_type": "comment",
                        }
                    ],
                ),
                {},
            ),
            "summary": lambda text: (
                "focus.situation",
                "web_save",
                ([accepted], {"summary": f"Youth known as {text}."}),
                {"specification": {"summary": {}}},
            ),
            "decision note": lambda text: (
                "focus.situation",
                "write",
                ([accepted], {"decision_note": f"Accepted; {text}."}),
                {},
            ),
        }

    def call_vector(self, vector, text):
        model, method, args, kwargs = vector(text)
        return self.outcome(model, method, *args, **kwargs)

    def test_outsiders_learn_nothing_from_the_answer(self):
        attackers = {
            "member outside need-to-know": (self.user_housing, self.housing),
            "chair": (self.user_chair, self.chair_agency),
            "archivist": (self.user_archivist, self.chair_agency),
        }
        guesses = (
            (RIGHT_NAME, WRONG_NAME),
            (f"born {RIGHT_DATE}", f"born {WRONG_DATE}"),
        )
        for role, (user, agency) in attackers.items():
            self.as_user(user)
            for vector_name, vector in self.vectors(agency).items():
                for right, wrong in guesses:
                    with self.subTest(role=role, vector=vector_name, guess=right):
                        self.assertEqual(
                            self.call_vector(vector, right),
                            self.call_vector(vector, wrong),
                        )

    def test_those_who_know_are_still_refused(self):
        """Names stay out of the texts: the lead agency, who reads the identities,
        is refused the right name and saves the wrong one."""
        self.as_user(self.user_health)
        for vector_name, vector in self.vectors(self.health).items():
            if vector_name == "action on another agency's draft":
                continue
            with self.subTest(vector=vector_name):
                right = self.call_vector(vector, RIGHT_NAME)
                self.assertEqual(right[0], "odoo.exceptions.ValidationError")
                self.assertIn("identifying detail found", right[1])
                self.assertNotIn("Testcase", right[1])
                self.assertEqual(self.call_vector(vector, WRONG_NAME), ("saved", ""))

    def test_no_action_on_a_situation_the_author_cannot_read(self):
        self.as_user(self.user_housing)
        self.refused(
            "odoo.exceptions.AccessError",
            "focus.action",
            "create",
            [self.action_vals(self.housing, "Check in", situation=self.draft)],
        )
        self.assertFalse(
            self.env["focus.action"].search([("situation_id", "=", self.draft.id)])
        )


class _Undo(Exception):
    pass


class TestGuardLogIsNoOracle(FocusSecurityCase):
    """Class 1, the log: what an attempt writes to the access log does not
    depend on the values either (seen in the test transaction, which the guard
    writes its entries on)."""

    def attempt(self, func):
        """(answer, entries written), the attempt undone afterwards."""
        Log = self.env["focus.access.log"].sudo()
        with contextlib.suppress(_Undo), self.env.cr.savepoint():
            before = Log.search_count([])
            try:
                func()
                answer = ("saved", "")
            except (AccessError, UserError, ValidationError) as error:
                answer = (type(error).__name__, re.sub(r"\d+", "#", str(error)))
            result = (*answer, Log.search_count([]) - before)
            raise _Undo
        self.env.invalidate_all(flush=False)
        return result

    def vectors(self, user, agency):
        Action = self.env["focus.action"].with_user(user)
        situation = self.accepted.with_user(user)
        deadline = fields.Date.today() + timedelta(days=3)
        return {
            "action": lambda text: Action.create(
                {
                    "name": f"Visit {text}",
                    "situation_id": self.accepted.id,
                    "agency_id": agency.id,
                    "date_deadline": deadline,
                }
            ),
            "message": lambda text: situation.message_post(
                body=f"{text} was seen.", message_type="comment"
            ),
            "summary": lambda text: situation.write({"summary": f"Known as {text}."}),
        }

    def test_the_log_tells_nothing(self):
        for user, agency in (
            (self.user_housing, self.housing),
            (self.user_chair, self.chair_agency),
            (self.user_archivist, self.chair_agency),
        ):
            for name, vector in self.vectors(user, agency).items():
                for right, wrong in (
                    (RIGHT_NAME, WRONG_NAME),
                    (RIGHT_DATE, WRONG_DATE),
                ):
                    with self.subTest(user=user.login, vector=name, guess=right):
                        self.assertEqual(
                            self.attempt(lambda v=vector, t=right: v(t)),
                            self.attempt(lambda v=vector, t=wrong: v(t)),
                        )
        # Those who know: refused and logged.
        for name, vector in self.vectors(self.user_health, self.health).items():
            with self.subTest(user="lead agency", vector=name):
                kind, _message, entries = self.attempt(lambda v=vector: v(RIGHT_NAME))
                self.assertEqual((kind, entries), ("ValidationError", 1))

    def test_blocked_attempts_go_to_the_chairs_review(self):
        situation = self.accepted.with_user(self.user_health)
        # Caught without the savepoint of assertRaises, which would drop the entry.
        with contextlib.suppress(ValidationError):
            situation.message_post(body=f"{RIGHT_NAME} refused the visit.")
        entry = (
            self.env["focus.access.log"]
            .sudo()
            .search(
                [("channel", "=", "blocked"), ("user_id", "=", self.user_health.id)]
            )
        )
        self.assertEqual(len(entry), 1)
        self.assertNotIn("Robin", entry.reason or "")
        self.env["focus.access.log"]._check_flags()
        self.assertEqual(entry.flag, "blocked")
        self.assertEqual(entry.review_state, "to_review")
        self.assertIn(self.user_chair, entry.activity_ids.user_id)
        self.assertNotIn("Robin", entry.activity_ids.note or "")
