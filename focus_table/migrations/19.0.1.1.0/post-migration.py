"""19.0.1.1.0: a situation keeps the disclosure setting it was accepted under.

The situations accepted before get their table's setting of the day of the
upgrade, and the need-to-know rule (data that an upgrade does not reload) reads
the situation's setting instead of the table's.
"""

from odoo import SUPERUSER_ID, api

RULE = "focus_table.focus_situation_identity_rule_need_to_know"
DOMAIN = (
    "['|', ('situation_id.originating_agency_id.user_ids', 'in', user.id), "
    "'&', ('situation_id.state', 'in', ['accepted', 'intervention', 'closed']), "
    "'|', '|', ('situation_id.lead_agency_id.user_ids', 'in', user.id), "
    "('situation_id.assisting_agency_ids.user_ids', 'in', user.id), "
    "'&', ('situation_id.disclosure_mode', '=', 'whole_table'), "
    "('situation_id.table_id.agency_ids.user_ids', 'in', user.id)]"
)


def migrate(cr, version):
    if not version:
        return
    cr.execute(
        """
        UPDATE focus_situation s
           SET disclosure_mode = t.disclosure_mode
          FROM focus_table t
         WHERE s.table_id = t.id
           AND s.state IN ('accepted', 'intervention', 'closed')
           AND s.disclosure_mode IS NULL
        """
    )
    env = api.Environment(cr, SUPERUSER_ID, {})
    rule = env.ref(RULE, raise_if_not_found=False)
    if rule:
        rule.domain_force = DOMAIN
