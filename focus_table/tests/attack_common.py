"""What an attacker has: a login of any role, JSON-RPC and HTTP.

The attacker suite (``test_attack_*.py``) calls the server as the web client
does, with values and context keys of the attacker's choosing, and checks what
comes back and what was stored or logged.
"""

import re
from datetime import timedelta

from odoo import fields
from odoo.tests import HttpCase, tagged

from .rpc_common import JsonRpcMixin, RpcError
from .security_common import FocusSecurityCase

# The accepted situation's identity (security_common) and a wrong guess.
RIGHT_NAME = "Robin Testcase"
WRONG_NAME = "Morgan Wrongguess"
RIGHT_DATE = "09/09/2009"
WRONG_DATE = "10/10/2010"


@tagged("post_install", "-at_install")
class AttackCase(JsonRpcMixin, FocusSecurityCase, HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(context=dict(cls.env.context, no_mail_to_attendees=True))

    def outcome(self, model, method, *args, **kwargs):
        """What the caller learns: saved, or the error's type and text."""
        try:
            self.call(model, method, *args, **kwargs)
            return ("saved", "")
        except RpcError as error:
            # The ids of the records tried differ from one call to the next.
            return (error.name, re.sub(r"\d+", "#", error.message))

    def refused_detail(self, model, method, *args, **kwargs):
        """The call is refused by the guard, naming no detail."""
        with self.assertRaises(RpcError) as caught:
            self.call(model, method, *args, **kwargs)
        error = caught.exception
        self.assertEqual(error.name, "odoo.exceptions.ValidationError", error.message)
        self.assertIn("identifying detail found", error.message)
        for detail in ("Robin", "Testcase", "Hidden Lane", "2009"):
            self.assertNotIn(detail, error.message)
        return error

    def refused(self, name, model, method, *args, **kwargs):
        with self.assertRaises(RpcError) as caught:
            self.call(model, method, *args, **kwargs)
        self.assertEqual(caught.exception.name, name, caught.exception.message)
        return caught.exception

    def action_vals(self, agency, name, situation=None, **vals):
        return {
            "name": name,
            "situation_id": (situation or self.accepted).id,
            "agency_id": agency.id,
            "date_deadline": fields.Date.to_string(
                fields.Date.today() + timedelta(days=3)
            ),
            **vals,
        }
