"""The plan of a load run, read from the database with the ORM (superuser).

Which users log in (and with what password), which tables they work at, which
situations each representative may reveal, and what the web client would send
for each screen: the view specifications and filter domains it builds from
``get_views`` (computed once per user here, as the browser keeps them), and the
grouping sets of the pivots. The locust users (another Python, without Odoo)
read the plan as JSON.
"""

from datetime import timedelta

from odoo import SUPERUSER_ID, api, fields
from odoo.modules.registry import Registry

from odoo.addons.focus_table.tests import webclient as wc

SITUATION = "focus.situation"


def _users_in_group(env, xmlid):
    group = env.ref(xmlid)
    return env["res.users"].search(
        [("group_ids", "in", group.id), ("share", "=", False), ("active", "=", True)],
        order="id",
    )


def _pivot_call(env, action, quarter=False):
    """The ``formatted_read_grouping_sets`` call of an action's pivot."""
    Model, rows, cols, measures = wc.pivot_of_action(env, action)
    if quarter:
        search = wc.search_filters(Model, action.search_view_id.id).values()
        dates = [node.get("date") for node in search if node.get("date")]
        cols = [f"{dates[0]}:quarter"] if dates else cols
    measures = [*measures, "__count"] if "__count" not in measures else measures
    grouping_sets = []
    for left in wc._sections(rows):
        for right in wc._sections(cols):
            groupby = [*left, *right]
            if sorted(groupby) not in [sorted(g) for g in grouping_sets]:
                grouping_sets.append(groupby)
    return {
        "model": Model._name,
        "domain": wc.action_filter_domain(Model, action),
        "grouping_sets": grouping_sets,
        "aggregates": measures,
    }


def _revealable(env, table, user, limit):
    """Accepted situations of the table whose identities the user may open."""
    Situation = env[SITUATION]
    candidates = Situation.search(
        [
            ("table_id", "=", table.id),
            ("state", "in", ("accepted", "intervention")),
            ("identity_ids", "!=", False),
            "|",
            ("lead_agency_id", "=", user.focus_agency_id.id),
            ("assisting_agency_ids", "in", user.focus_agency_id.ids),
        ],
        limit=limit * 3,
        order="id desc",
    )
    mine = Situation.with_user(user)
    return [
        situation.id
        for situation in candidates
        if mine.browse(situation.id)._user_may_see_identities()
    ][:limit]


def _tables(env, count):
    """The tables with the most situations, that have a chair, an archivist, at
    least two representatives, and do not ask for two-factor login."""
    members = _users_in_group(env, "focus_table.group_member") - _users_in_group(
        env, "focus_table.group_chair"
    )
    env.cr.execute(
        "SELECT table_id FROM focus_situation GROUP BY table_id"
        " ORDER BY count(*) DESC, table_id"
    )
    chosen = []
    for (table_id,) in env.cr.fetchall():
        table = env["focus.table"].browse(table_id)
        reps = table.agency_ids.user_ids & members
        if (
            table.chair_ids
            and table.archivist_ids
            and len(reps) >= 2
            and not table.identity_requires_totp
        ):
            chosen.append((table, reps))
        if len(chosen) == count:
            break
    return chosen


def _user_plan(env, user):
    return {"login": user.login, "password": user.login, "uid": user.id}


def _sharing_agencies(table):
    """The seated agencies a chair may name lead or assisting: their
    information-sharing agreement is in force today in every time zone."""
    today = fields.Date.today()
    agencies = table.agency_ids._isa_valid_on(today - timedelta(days=1))
    agencies = agencies._isa_valid_on(today + timedelta(days=1))
    assert agencies, f"no agency of {table.code} may receive identifying details"
    return agencies


def build_plan(env, tables=5, reveal_limit=8):
    specs = {}
    plan = {"tables": [], "specs": specs}
    for table, reps in _tables(env, tables):
        chair = table.chair_ids[0]
        archivist = table.archivist_ids[0]
        entry = {
            "id": table.id,
            "code": table.code,
            "agencies": _sharing_agencies(table).ids,
            "chair": _user_plan(env, chair),
            "archivist": _user_plan(env, archivist),
            "members": [],
        }
        for rep in reps:
            reveal = _revealable(env, table, rep, reveal_limit)
            entry["members"].append(
                {
                    **_user_plan(env, rep),
                    "agency": rep.focus_agency_id.id,
                    "reveal": reveal,
                }
            )
        Situation = env[SITUATION].with_user(entry["members"][0]["uid"])
        action = env.ref("focus_table.focus_situation_action").sudo()
        # The action's filters name no user: one domain serves every member.
        entry["situation_domain"] = wc.action_filter_domain(Situation, action)
        plan["tables"].append(entry)
    assert plan["tables"], "no table with a chair, an archivist and two members"
    first = plan["tables"][0]
    member = env(user=first["members"][0]["uid"])
    chair = env(user=first["chair"]["uid"])
    archivist = env(user=first["archivist"]["uid"])
    specs["situation_list"] = wc.view_spec(member[SITUATION], "list")
    specs["situation_form"] = wc.view_spec(member[SITUATION], "form")
    specs["identity_list"] = wc.view_spec(member["focus.situation.identity"], "list")
    specs["meeting_form"] = wc.view_spec(chair["focus.meeting"], "form")
    specs["item_form"] = wc.view_spec(chair["focus.meeting.item"], "form")
    pivot = env.ref("focus_table.focus_situation_action_analysis").sudo()
    plan["situation_pivot"] = _pivot_call(archivist, pivot)
    risk = wc.menu_pivot_action(archivist, "focus_table_reports", "risk")
    plan["risk_pivot"] = _pivot_call(archivist, risk, quarter=True)
    plan["age_band"] = env["focus.age.band"].search([], limit=1).id
    plan["risk_factors"] = (
        env["focus.risk.factor"].search([("is_protective", "=", False)], limit=2).ids
    )
    return plan


def set_passwords(env, plan):
    """Generated users have no password: each gets its login as password (a load
    database only; the demo users have theirs already)."""
    logins = {
        user["login"]
        for table in plan["tables"]
        for user in (table["chair"], table["archivist"], *table["members"])
    }
    users = env["res.users"].search([("login", "in", sorted(logins))])
    for user in users:
        user.password = user.login


def prepare(db, tables=5, passwords=False):
    """Build the plan of database ``db`` (and set the passwords); committed."""
    registry = Registry(db)
    with registry.cursor() as cr:
        env = api.Environment(cr, SUPERUSER_ID, {})
        plan = build_plan(env, tables=tables)
        plan["db"] = db
        if passwords:
            set_passwords(env, plan)
    return plan
