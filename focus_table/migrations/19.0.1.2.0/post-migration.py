"""19.0.1.2.0: sharing follows the agencies' agreements and the consent.

The need-to-know rule is data that an update does not reload (noupdate): its
domain is read again from the module's file, which stays the one place it is
written.
"""

from pathlib import Path

from lxml import etree

from odoo import SUPERUSER_ID, api

RULES_FILE = Path(__file__).parents[2] / "security" / "focus_table_rules.xml"
RULE = "focus_situation_identity_rule_need_to_know"


def rule_domain(xml_id):
    tree = etree.parse(str(RULES_FILE))
    (field,) = tree.xpath(f"//record[@id='{xml_id}']/field[@name='domain_force']")
    return field.text


def migrate(cr, version):
    if not version:
        return
    env = api.Environment(cr, SUPERUSER_ID, {})
    rule = env.ref(f"focus_table.{RULE}", raise_if_not_found=False)
    if rule:
        rule.domain_force = rule_domain(RULE)
