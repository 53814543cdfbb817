from datetime import timedelta

from odoo import fields
from odoo.exceptions import AccessError, UserError

from .security_common import FocusSecurityCase

Y, N = True, False


class AccessMatrixCase(FocusSecurityCase):
    """Each role × relation × model × operation, asserted (security/ACCESS_MATRIX.md).

    Users: police = originating agency; health = lead; school = assisting (both
    tables); housing = same table, not chosen; other = another table's agency;
    chair, archivist (Safety Office, sits at Riverside); manager (no agency).
    """

    USERS = (
        "police",
        "health",
        "school",
        "housing",
        "other",
        "chair",
        "archivist",
        "manager",
    )

    def user(self, key):
        return getattr(self, f"user_{key}")

    def _attempt(self, func):
        """Run an operation and undo it; True if allowed, False on AccessError.

        A UserError (a business rule) counts as allowed: access was granted.
        """

        class Undo(Exception):
            pass

        try:
            with self.env.cr.savepoint():
                func()
                self.env.flush_all()
                raise Undo
        except AccessError:
            return False
        except (Undo, UserError):
            return True
        finally:
            self.env.invalidate_all()

    def _can_read(self, record, user):
        as_user = record.with_user(user)
        try:
            as_user.check_access("read")
        except AccessError:
            try:
                found = as_user.search([("id", "=", record.id)])
            except AccessError:
                return False
            self.assertFalse(found, f"{user.login} finds {record} it cannot read")
            return False
        self.assertEqual(as_user.search([("id", "=", record.id)]), as_user)
        return True

    def assertMatrix(self, record_or_model, operation, expected, make=None):
        for key, allowed in zip(self.USERS, expected, strict=True):
            user = self.user(key)
            if operation == "read":
                outcome = self._can_read(record_or_model, user)
            else:
                outcome = self._attempt(
                    lambda u=user: make(record_or_model.with_user(u))
                )
            self.assertEqual(
                outcome,
                allowed,
                f"{user.login} {operation} {record_or_model}: expected "
                f"{'allowed' if allowed else 'AccessError'}",
            )


class TestAccessMatrix(AccessMatrixCase):
    #                    police health school housing other chair archiv manager
    def test_situation(self):
        self.assertMatrix(self.accepted, "read", (Y, Y, Y, Y, N, Y, Y, Y))
        self.assertMatrix(self.draft, "read", (Y, N, N, N, N, N, N, N))
        self.assertMatrix(self.north, "read", (N, N, Y, N, Y, N, N, Y))
        write = lambda r: r.write({"decision_note": "Reviewed."})  # noqa: E731
        self.assertMatrix(self.accepted, "write", (Y, Y, Y, N, N, Y, N, N), write)
        self.assertMatrix(self.draft, "write", (Y, N, N, N, N, N, N, N), write)
        create = lambda m: m.create(self._situation_vals())  # noqa: E731
        self.assertMatrix(
            self.env["focus.situation"], "create", (Y, N, N, N, N, N, N, N), create
        )
        self.assertMatrix(
            self.draft, "unlink", (Y, N, N, N, N, N, N, N), lambda r: r.unlink()
        )
        self.assertMatrix(
            self.accepted, "unlink", (N, N, N, N, N, N, N, N), lambda r: r.unlink()
        )

    def test_identity(self):
        self.assertMatrix(self.identity, "read", (Y, Y, Y, N, N, N, N, N))
        self.assertMatrix(self.draft_identity, "read", (Y, N, N, N, N, N, N, N))
        write = lambda r: r.write({"contact": "555-0100"})  # noqa: E731
        self.assertMatrix(self.identity, "write", (Y, Y, Y, N, N, N, N, N), write)

        def create(model):
            return model.create(
                {"situation_id": self.accepted.id, "name": "New Person"}
            )

        self.assertMatrix(
            self.env["focus.situation.identity"],
            "create",
            (Y, Y, Y, N, N, N, N, N),
            create,
        )
        self.assertMatrix(
            self.identity, "unlink", (Y, Y, Y, N, N, N, N, N), lambda r: r.unlink()
        )

    def test_identity_whole_table(self):
        # Accepted under whole-table disclosure (the setting of its acceptance).
        self.table.disclosure_mode = "whole_table"
        self.accepted.disclosure_mode = "whole_table"
        self.assertMatrix(self.identity, "read", (Y, Y, Y, Y, N, Y, Y, N))
        # Whole-table disclosure never reaches a draft.
        self.assertMatrix(self.draft_identity, "read", (Y, N, N, N, N, N, N, N))

    def test_table_and_agency(self):
        self.assertMatrix(self.table, "read", (Y, Y, Y, Y, N, Y, Y, Y))
        self.assertMatrix(self.table_north, "read", (N, N, Y, N, Y, N, N, Y))
        write = lambda r: r.write({"area": "Changed"})  # noqa: E731
        self.assertMatrix(self.table, "write", (N, N, N, N, N, N, N, Y), write)
        self.assertMatrix(self.police, "read", (Y, Y, Y, Y, Y, Y, Y, Y))
        self.assertMatrix(
            self.police,
            "write",
            (N, N, N, N, N, N, N, Y),
            lambda r: r.write({"code": "X"}),
        )
        create = lambda m: m.create({"name": "New", "sector_id": self.sector_police.id})  # noqa: E731
        self.assertMatrix(
            self.env["focus.agency"], "create", (N, N, N, N, N, N, N, Y), create
        )

    def test_reference_data(self):
        factor = self.factors[0]
        self.assertMatrix(factor, "read", (Y, Y, Y, Y, Y, Y, Y, Y))
        self.assertMatrix(
            factor,
            "write",
            (N, N, N, N, N, N, N, Y),
            lambda r: r.write({"sequence": 3}),
        )
        unused = {
            "focus.sector": {"name": "Unused", "code": "unused"},
            "focus.age.band": {"name": "Unused", "code": "unused", "age_min": 1},
            "focus.conclusion": {"name": "Unused", "code": "unused"},
            "focus.risk.category": {"name": "Unused", "code": "unused"},
        }
        for model, vals in unused.items():
            record = self.env[model].create(vals)
            self.assertMatrix(record, "read", (Y, Y, Y, Y, Y, Y, Y, Y))
            self.assertMatrix(
                record, "unlink", (N, N, N, N, N, N, N, Y), lambda r: r.unlink()
            )

    def test_logs_and_disclosures(self):
        self.identity.with_user(self.user_health).read(["name"])
        log = self.logs_for(self.user_health)
        self.assertEqual(len(log), 1)
        self.assertMatrix(log, "read", (N, N, N, N, N, Y, N, N))
        self.assertMatrix(log, "write", (N,) * 8, lambda r: r.write({"reason": "x"}))
        self.assertMatrix(log, "unlink", (N,) * 8, lambda r: r.unlink())
        create = lambda m: m.create({"user_id": self.user_police.id, "channel": "rpc"})  # noqa: E731
        self.assertMatrix(self.env["focus.access.log"], "create", (N,) * 8, create)
        disclosure = self.accepted.disclosure_ids.filtered(
            lambda d: d.agency_id == self.health
        )
        self.assertTrue(disclosure)
        self.assertMatrix(disclosure, "read", (Y, Y, N, N, N, Y, N, N))
        self.assertMatrix(
            disclosure, "write", (N,) * 8, lambda r: r.write({"scope": "x"})
        )
        self.assertMatrix(disclosure, "unlink", (N,) * 8, lambda r: r.unlink())
        # Only the superuser may touch the logs.
        log.sudo().write({"reason": "corrected by the superuser"})
        self.assertEqual(log.reason, "corrected by the superuser")

    def test_members_cannot_change_their_own_agency(self):
        for key in ("housing", "chair", "archivist"):
            user = self.user(key)
            with self.subTest(user=user.login), self.assertRaises(AccessError):
                user.with_user(user).write({"focus_agency_id": self.health.id})
        self.assertEqual(self.user_housing.focus_agency_id, self.housing)
        # The user administrator assigns agencies.
        admin = self.env.ref("base.user_admin")
        self.user_housing.with_user(admin).write({"focus_agency_id": self.health.id})
        self.assertEqual(self.user_housing.focus_agency_id, self.health)

    def test_membership_change_takes_effect_at_once(self):
        identity = self.identity.with_user(self.user_housing)
        with self.assertRaises(AccessError):
            identity.read(["name"])
        self.accepted.assisting_agency_ids += self.housing
        self.assertEqual(identity.read(["name"])[0]["name"], "Robin Testcase")
        self.accepted.assisting_agency_ids -= self.housing
        identity.invalidate_recordset()
        with self.assertRaises(AccessError):
            identity.read(["name"])
        # A user who changes agency sees the new agency's situations, not the old ones.
        as_other = self.env["focus.situation"].with_user(self.user_other)
        self.assertNotIn(self.accepted, as_other.search([]))
        self.user_other.focus_agency_id = self.health
        self.assertIn(self.accepted, as_other.search([]))
        self.assertNotIn(self.north, as_other.search([]))
        self.assertEqual(
            self.identity.with_user(self.user_other).read(["name"])[0]["name"],
            "Robin Testcase",
        )


class TestAccessMatrixMeetings(AccessMatrixCase):
    """Meetings, attendance, agenda items and actions of the Riverside table."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(context=dict(cls.env.context, no_mail_to_attendees=True))
        cls.meeting = cls.env["focus.meeting"].create(
            {
                "table_id": cls.table.id,
                "date_start": fields.Datetime.now() + timedelta(days=2),
            }
        )
        cls.item = cls.env["focus.meeting.item"].create(
            {
                "meeting_id": cls.meeting.id,
                "kind": "update",
                "situation_id": cls.accepted.id,
            }
        )
        cls.attendance = cls.env["focus.meeting.attendance"].create(
            {
                "meeting_id": cls.meeting.id,
                "user_id": cls.user_housing.id,
                "agency_id": cls.housing.id,
            }
        )
        cls.action = cls.env["focus.action"].create(
            {
                "name": "Visit with the housing worker",
                "table_id": cls.table.id,
                "situation_id": cls.accepted.id,
                "meeting_id": cls.meeting.id,
                "agency_id": cls.health.id,
                "date_deadline": fields.Date.today() + timedelta(days=3),
            }
        )

    #                    police health school housing other chair archiv manager
    def test_meeting(self):
        self.assertMatrix(self.meeting, "read", (Y, Y, Y, Y, N, Y, Y, Y))
        write = lambda r: r.write({"location": "Room B"})  # noqa: E731
        self.assertMatrix(self.meeting, "write", (N, N, N, N, N, Y, N, Y), write)

        def create(model):
            return model.create(
                {"table_id": self.table.id, "date_start": fields.Datetime.now()}
            )

        self.assertMatrix(
            self.env["focus.meeting"], "create", (N, N, N, N, N, Y, N, Y), create
        )
        self.assertMatrix(
            self.meeting, "unlink", (N, N, N, N, N, Y, N, Y), lambda r: r.unlink()
        )

    def test_attendance(self):
        self.assertMatrix(self.attendance, "read", (Y, Y, Y, Y, N, Y, Y, Y))
        write = lambda r: r.write({"status": "present"})  # noqa: E731
        self.assertMatrix(self.attendance, "write", (N, N, N, N, N, Y, N, Y), write)

    def test_items_behind_the_confidentiality_gate(self):
        # Nobody but the chair (and the administrator) reads items before acknowledging.
        self.assertMatrix(self.item, "read", (N, N, N, N, N, Y, N, Y))
        for key in ("police", "housing", "archivist"):
            self.meeting.with_user(self.user(key)).action_acknowledge_confidentiality()
        self.assertMatrix(self.item, "read", (Y, N, N, Y, N, Y, Y, Y))
        with self.assertRaises(AccessError):
            self.meeting.with_user(self.user_other).action_acknowledge_confidentiality()
        write = lambda r: r.write({"notes": "Update given."})  # noqa: E731
        self.assertMatrix(self.item, "write", (N, N, N, N, N, Y, N, Y), write)

    def test_archivist_reads_approved_minutes_without_attending(self):
        self.meeting.write({"state": "approved"})
        # Members still need their own acknowledgement; the archivist keeps the record.
        self.assertMatrix(self.item, "read", (N, N, N, N, N, Y, Y, Y))

    def test_action(self):
        self.assertMatrix(self.action, "read", (Y, Y, Y, Y, N, Y, Y, Y))
        write = lambda r: r.write({"result": "Visited."})  # noqa: E731
        # Only the owning agency (health), the chair and the administrator update it.
        self.assertMatrix(self.action, "write", (N, Y, N, N, N, Y, N, Y), write)
        self.assertMatrix(
            self.action, "unlink", (N, N, N, N, N, Y, N, Y), lambda r: r.unlink()
        )
