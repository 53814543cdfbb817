from odoo.tests import tagged

from .attack_common import AttackCase

IDENTITY = "focus.situation.identity"
DENIED = "odoo.exceptions.AccessError"


@tagged("post_install", "-at_install")
class TestEveryReadIsLogged(AttackCase):
    """Class 2: every read of identity values is logged, or refused; no domain,
    ordering or grouping on them; the client never picks the log's channel."""

    def entries(self, user):
        return self.logs_for(user, self.accepted).filtered(
            lambda e: e.channel != "blocked"
        )

    def test_web_save_returns_values_with_one_entry(self):
        """The guard compares the new summary with the identities as superuser;
        the values it loaded are not handed out unlogged."""
        self.as_user(self.user_health)
        result = self.call(
            "focus.situation",
            "web_save",
            [self.accepted.id],
            {"summary": "Youth missing again; school worried."},
            specification={"identity_ids": {"fields": {"name": {}, "birth_date": {}}}},
        )
        self.assertEqual(result[0]["identity_ids"][0]["name"], "Robin Testcase")
        entries = self.entries(self.user_health)
        self.assertEqual(len(entries), 1)
        self.assertEqual(entries.channel, "form")

    def test_each_read_method_logs(self):
        self.as_user(self.user_health)
        calls = {
            "read": lambda: self.call(IDENTITY, "read", [self.identity.id], ["name"]),
            "web_read": lambda: self.call(
                IDENTITY, "web_read", [self.identity.id], {"address": {}}
            ),
            "search_read": lambda: self.call(
                IDENTITY,
                "search_read",
                [("situation_id", "=", self.accepted.id)],
                ["contact"],
            ),
            "web_search_read": lambda: self.call(
                IDENTITY,
                "web_search_read",
                [("situation_id", "=", self.accepted.id)],
                {"birth_date": {}},
            ),
            "situation web_read": lambda: self.call(
                "focus.situation",
                "web_read",
                [self.accepted.id],
                {"identity_ids": {"fields": {"aliases": {}}}},
            ),
        }
        for name, call in calls.items():
            with self.subTest(method=name):
                before = len(self.entries(self.user_health))
                call()
                self.assertEqual(len(self.entries(self.user_health)), before + 1)

    def test_domains_on_identity_values_are_refused(self):
        domains = {
            "first letter": [("name", "=ilike", "r%")],
            "substring": [("name", "ilike", "test")],
            "birth date bisection": [("birth_date", "<", "2010-01-01")],
            "address": [("address", "ilike", "lane")],
            "negated": ["!", ("contact", "=", False)],
        }
        for user in (self.user_health, self.user_housing, self.user_chair):
            self.as_user(user)
            for name, domain in domains.items():
                with self.subTest(user=user.login, domain=name):
                    self.refused(DENIED, IDENTITY, "search_count", domain)
                    self.refused(
                        DENIED,
                        "focus.situation",
                        "search_count",
                        [("identity_ids." + domain[-1][0], *domain[-1][1:])],
                    )
                    self.refused(
                        DENIED,
                        "focus.situation",
                        "search_count",
                        [("identity_ids", "any", domain)],
                    )
                    self.refused(
                        DENIED,
                        "focus.meeting.item",
                        "search_count",
                        [("situation_id.identity_ids." + domain[-1][0], "!=", False)],
                    )
        self.assertFalse(self.logs_for(self.user_health))

    def test_ordering_and_grouping_on_identity_values_are_refused(self):
        self.as_user(self.user_health)
        for order in (
            "name",
            "birth_date desc",
            "address, id",
            "situation_id, contact",
        ):
            with self.subTest(order=order):
                self.refused(DENIED, IDENTITY, "search", [], order=order)
                self.refused(
                    DENIED, IDENTITY, "web_search_read", [], {"role": {}}, order=order
                )
        for groupby, aggregates in ((["name"], ["__count"]), ([], ["birth_date:max"])):
            with self.subTest(groupby=groupby, aggregates=aggregates):
                with self.assertRaises(Exception):  # noqa: B017 (refused either way)
                    self.call(IDENTITY, "read_group", [], aggregates, groupby)
        fields = self.call(IDENTITY, "fields_get", ["name", "birth_date"], ["sortable"])
        self.assertFalse(fields["name"]["sortable"])
        self.assertFalse(fields["birth_date"]["sortable"])
        self.assertFalse(self.logs_for(self.user_health))

    def test_the_client_cannot_choose_the_channel(self):
        self.as_user(self.user_health)
        for forged in ("blocked", "server", "report"):
            with self.subTest(channel=forged):
                before = self.entries(self.user_health)
                self.call(
                    IDENTITY,
                    "read",
                    [self.identity.id],
                    ["name"],
                    context={"focus_access_channel": forged},
                )
                entry = self.entries(self.user_health) - before
                self.assertEqual(len(entry), 1)
                self.assertEqual(entry.channel, "rpc")
        # So every one of them is in the chair's review.
        self.env["focus.access.log"]._check_flags()
        self.assertTrue(
            all(e.flags_checked for e in self.entries(self.user_health)),
        )
        self.assertEqual(set(self.entries(self.user_health).mapped("flag")), {"reason"})
