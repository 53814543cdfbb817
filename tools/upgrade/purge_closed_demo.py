"""The retention purge, come due for the demo's closed situations.

    python3 tools/upgrade/purge_closed_demo.py CONF DB

Run by ``tools/check_upgrade.sh`` on the previous release's database before it
is upgraded: in production the purge has removed identities that the demo data
files still hold, and an upgrade must not bring them back. Prints the
references purged.
"""

import sys

from odoo import SUPERUSER_ID, api
from odoo.modules.registry import Registry
from odoo.tools import config


def main(conf, db):
    config.parse_config(["-c", conf, "--log-level=warn"])
    with Registry(db).cursor() as cr:
        env = api.Environment(cr, SUPERUSER_ID, {})
        demo = env["ir.model.data"].search(
            [("module", "=", "focus_table"), ("model", "=", "focus.situation")]
        )
        closed = (
            env["focus.situation"]
            .browse(demo.mapped("res_id"))
            .filtered(lambda s: s.state == "closed" and s.identity_ids)
        )
        if not closed:
            sys.exit("no closed demo situation keeps identifying details to purge")
        closed._purge_identities()
        print(" ".join(closed.mapped("name")))


if __name__ == "__main__":
    main(*sys.argv[1:])
