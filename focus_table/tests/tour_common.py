from datetime import timedelta

from odoo import Command, fields
from odoo.tests import HttpCase, new_test_user


class FocusTourCase(HttpCase):
    """The agencies, users and table a browser tour starts from."""

    def _tour_agencies(self, *names):
        sector = self.env["focus.sector"].search([], limit=1)
        signed = fields.Date.today() - timedelta(days=365)
        return self.env["focus.agency"].create(
            [
                {"name": name, "sector_id": sector.id, "isa_signed_on": signed}
                for name in names
            ]
        )

    def _tour_user(self, login, role, agency):
        return new_test_user(
            self.env,
            login=login,
            groups=f"base.group_user,focus_table.group_{role}",
            focus_agency_id=agency.id,
        )

    def _tour_table(self, name, code, agencies, chairs=None):
        vals = {"name": name, "code": code, "agency_ids": [Command.set(agencies.ids)]}
        if chairs:
            vals["chair_ids"] = [Command.set(chairs.ids)]
        return self.env["focus.table"].create(vals)
