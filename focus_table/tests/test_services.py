from datetime import timedelta

from odoo import fields
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import new_test_user

from .security_common import FocusSecurityCase


class TestServicesAndAreas(FocusSecurityCase):
    """The directory of services, referral actions, areas and intervention levels,
    for each role (security/ACCESS_MATRIX.md).

    Services: housing offers one, health another. Areas: two at Riverside, one
    at Northgate.
    """

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Service = cls.env["focus.service"]
        cls.housing_service = Service.create(
            {
                "name": "Test rent bank",
                "agency_id": cls.housing.id,
                "eligibility": "Tenants with arrears.",
                "contact": "Tenancy desk, 555-0150",
            }
        )
        cls.health_service = Service.create(
            {"name": "Test crisis team", "agency_id": cls.health.id}
        )
        cls.area_riv, cls.area_riv_2, cls.area_north = cls.env["focus.area"].create(
            [
                {"name": "Test Ward 3", "code": "W3", "table_id": cls.table.id},
                {
                    "name": "Test Old Mill",
                    "code": "OM",
                    "kind": "neighbourhood",
                    "table_id": cls.table.id,
                },
                {
                    "name": "Test North Division",
                    "code": "ND",
                    "kind": "police_division",
                    "table_id": cls.table_north.id,
                },
            ]
        )
        cls.type_task = cls.env.ref("focus_table.focus_action_type_task")
        cls.type_referral = cls.env.ref("focus_table.focus_action_type_referral")
        cls.level = cls.env.ref("focus_table.focus_intervention_level_partnership")

    def _referral(self, user, service, agency, **vals):
        return (
            self.env["focus.action"]
            .with_user(user)
            .create(
                {
                    "name": "Refer to the service",
                    "situation_id": self.accepted.id,
                    "agency_id": agency.id,
                    "date_deadline": fields.Date.today() + timedelta(days=2),
                    "action_type_id": self.type_referral.id,
                    "service_id": service.id,
                    **vals,
                }
            )
        )

    # ------------------------------------------------------------------
    # Services
    # ------------------------------------------------------------------
    def test_service_sector_follows_the_agency(self):
        self.assertEqual(self.housing_service.sector_id, self.sector_housing)
        chosen = self.env["focus.service"].create(
            {
                "name": "Test school nurse",
                "agency_id": self.health.id,
                "sector_id": self.sector_school.id,
            }
        )
        self.assertEqual(chosen.sector_id, self.sector_school)

    def test_offering_agency_edits_its_services(self):
        Service = self.env["focus.service"].with_user(self.user_housing)
        service = self.housing_service.with_user(self.user_housing)
        service.write({"description": "One-time loan for rent arrears."})
        self.assertEqual(
            self.housing_service.description, "One-time loan for rent arrears."
        )
        created = Service.create(
            {"name": "Test emergency repairs", "agency_id": self.housing.id}
        )
        self.assertEqual(created.sector_id, self.sector_housing)
        created.unlink()
        self.assertFalse(created.exists())

    def test_other_members_read_but_cannot_edit(self):
        for user in (self.user_police, self.user_other, self.user_archivist):
            service = self.housing_service.with_user(user)
            self.assertEqual(service.read(["name"])[0]["name"], "Test rent bank")
            found = (
                self.env["focus.service"]
                .with_user(user)
                .search([("name", "=", "Test rent bank")])
            )
            self.assertEqual(found, self.housing_service)
            with self.assertRaises(AccessError):
                service.write({"eligibility": "Anyone."})
            with self.assertRaises(AccessError):
                service.unlink()
            with self.assertRaises(AccessError):
                self.env["focus.service"].with_user(user).create(
                    {"name": "Not ours to offer", "agency_id": self.housing.id}
                )
        self.assertEqual(self.housing_service.eligibility, "Tenants with arrears.")
        # Moving one's own service to another agency is refused as well.
        with self.assertRaises(AccessError):
            self.health_service.with_user(self.user_health).write(
                {"agency_id": self.housing.id}
            )

    def test_chair_is_no_editor_of_other_agencies_services(self):
        with self.assertRaises(AccessError):
            self.housing_service.with_user(self.user_chair).write({"name": "Renamed"})

    def test_manager_edits_the_whole_directory(self):
        Service = self.env["focus.service"].with_user(self.user_manager)
        self.housing_service.with_user(self.user_manager).write({"name": "Rent bank"})
        self.assertEqual(self.housing_service.name, "Rent bank")
        created = Service.create({"name": "Test outreach", "agency_id": self.school.id})
        created.unlink()
        self.health_service.with_user(self.user_manager).action_archive()
        self.assertFalse(self.health_service.active)

    def test_users_outside_focus_table_see_no_directory(self):
        employee = new_test_user(self.env, login="t_employee", groups="base.group_user")
        with self.assertRaises(AccessError):
            self.housing_service.with_user(employee).read(["name"])

    # ------------------------------------------------------------------
    # Action types and intervention levels: managers edit, members read
    # ------------------------------------------------------------------
    def test_reference_data_access(self):
        for model, record in (
            ("focus.action.type", self.type_referral),
            ("focus.intervention.level", self.level),
        ):
            for user in (self.user_police, self.user_archivist, self.user_chair):
                self.assertTrue(record.with_user(user).read(["name"]))
                with self.assertRaises(AccessError):
                    record.with_user(user).write({"name": "Changed"})
                with self.assertRaises(AccessError):
                    self.env[model].with_user(user).create(
                        {"name": "New", "code": "new"}
                    )
            new = (
                self.env[model]
                .with_user(self.user_manager)
                .create({"name": "New", "code": f"new_{model}"})
            )
            new.write({"name": "Renamed"})
            new.unlink()
        self.assertEqual(
            self.env["focus.action.type"].search([("is_referral", "=", True)]),
            self.type_referral,
        )
        levels = self.env["focus.intervention.level"].search([]).mapped("code")
        self.assertEqual(
            levels, ["prevention", "early_resolution", "partnership", "high_risk"]
        )

    # ------------------------------------------------------------------
    # Referrals
    # ------------------------------------------------------------------
    def test_action_type_defaults_to_task(self):
        action = (
            self.env["focus.action"]
            .with_user(self.user_police)
            .create(
                {
                    "name": "Patrol check",
                    "situation_id": self.accepted.id,
                    "agency_id": self.police.id,
                    "date_deadline": fields.Date.today(),
                }
            )
        )
        self.assertEqual(action.action_type_id, self.type_task)
        self.assertFalse(action.service_id)

    def test_referral_needs_a_service(self):
        with self.assertRaises(ValidationError):
            self._referral(self.user_health, self.env["focus.service"], self.health)
        action = self._referral(self.user_health, self.housing_service, self.health)
        with self.assertRaises(ValidationError):
            action.write({"service_id": False})

    def test_referral_outcome_and_services_mobilized(self):
        # Health, the lead agency, refers to the housing corporation's service: a
        # member may refer to any agency's service, and records the outcome.
        action = self._referral(self.user_health, self.housing_service, self.health)
        action.write({"referral_outcome": "waiting_list"})
        self.assertEqual(action.referral_outcome, "waiting_list")
        self._referral(
            self.user_health,
            self.health_service,
            self.health,
            referral_outcome="declined_person",
        )
        situation = self.accepted.with_user(self.user_housing)
        self.assertEqual(
            situation.service_ids, self.housing_service | self.health_service
        )
        # The other table's members see neither the situation nor its actions.
        with self.assertRaises(AccessError):
            self.accepted.with_user(self.user_other).read(["service_ids"])
        # A cancelled referral mobilized nothing.
        action.with_user(self.user_chair).action_cancel()
        self.accepted.invalidate_recordset(["service_ids"])
        self.assertEqual(self.accepted.service_ids, self.health_service)

    def test_referral_fields_are_free_but_steps_still_guard_the_state(self):
        action = self._referral(self.user_health, self.housing_service, self.health)
        action.write(
            {"referral_outcome": "accepted", "service_id": self.health_service.id}
        )
        with self.assertRaises(UserError):
            action.write({"state": "done"})

    # ------------------------------------------------------------------
    # Areas
    # ------------------------------------------------------------------
    def test_area_access_follows_table_membership(self):
        for user in (
            self.user_police,
            self.user_housing,
            self.user_chair,
            self.user_archivist,
        ):
            self.assertEqual(
                self.env["focus.area"]
                .with_user(user)
                .search([("table_id", "in", (self.table | self.table_north).ids)]),
                self.area_riv | self.area_riv_2,
            )
            with self.assertRaises(AccessError):
                self.area_north.with_user(user).read(["name"])
            with self.assertRaises(AccessError):
                self.area_riv.with_user(user).write({"name": "Renamed"})
        # The other table's member reads its own table's areas only.
        other = self.env["focus.area"].with_user(self.user_other)
        self.assertEqual(
            other.search([("table_id", "in", (self.table | self.table_north).ids)]),
            self.area_north,
        )
        with self.assertRaises(AccessError):
            self.area_riv.with_user(self.user_other).read(["name"])
        # The school board sits at both tables.
        self.assertEqual(
            self.env["focus.area"]
            .with_user(self.user_school)
            .search([("id", "in", (self.area_riv | self.area_north).ids)]),
            self.area_riv | self.area_north,
        )
        with self.assertRaises(AccessError):
            other.create({"name": "New", "table_id": self.table_north.id})

    def test_manager_edits_areas_on_the_table(self):
        table = self.table.with_user(self.user_manager)
        table.write({"area_ids": [(0, 0, {"name": "Test Ward 4", "code": "W4"})]})
        self.assertIn("Test Ward 4", self.table.area_ids.mapped("name"))
        self.area_north.with_user(self.user_manager).write({"kind": "other"})
        self.assertEqual(self.area_north.kind, "other")
        self.area_riv_2.with_user(self.user_manager).unlink()
        self.assertFalse(self.area_riv_2.exists())

    def test_situation_area_and_level(self):
        situation = self.accepted.with_user(self.user_health)
        situation.write(
            {"area_id": self.area_riv.id, "intervention_level_id": self.level.id}
        )
        self.assertEqual(self.accepted.area_id, self.area_riv)
        self.assertEqual(self.accepted.intervention_level_id, self.level)
        # Only an area of the situation's own table.
        with self.assertRaises(ValidationError):
            self.accepted.write({"area_id": self.area_north.id})
        # Who may not write the situation may not place it either.
        with self.assertRaises(AccessError):
            self.accepted.with_user(self.user_housing).write(
                {"area_id": self.area_riv_2.id}
            )
        self.assertEqual(self.accepted.area_id, self.area_riv)
        # Grouping by area, as the search view offers.
        groups = (
            self.env["focus.situation"]
            .with_user(self.user_chair)
            ._read_group([("table_id", "=", self.table.id)], ["area_id"], ["__count"])
        )
        self.assertIn((self.area_riv, 1), groups)

    def test_closed_situation_area_is_frozen(self):
        self.accepted.date_intervention = fields.Datetime.now()
        self.accepted.action_start_intervention()
        self.accepted.conclusion_id = self.conclusion
        self.accepted.action_close()
        with self.assertRaises(UserError):
            self.accepted.with_user(self.user_chair).write(
                {"area_id": self.area_riv.id}
            )
