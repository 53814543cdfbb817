"""The benchmarked operations, as the web client and the scheduler call them.

Each operation is a function ``(env) -> rows`` run with the environment of its
user; ``rows`` says how much it produced (records read, groups, bytes...), so a
run that silently returns nothing is seen. The actors (users and records) are
chosen from the data by :func:`pick_actors`, so any generated database works.
"""

from datetime import date

from odoo import SUPERUSER_ID, fields
from odoo.fields import Domain

from odoo.addons.focus_table.tests import webclient as wc

SITUATION = "focus.situation"


# ----------------------------------------------------------------------
# Actors
# ----------------------------------------------------------------------
def _users_in_group(env, xmlid):
    group = env.ref(xmlid)
    return env["res.users"].search(
        [("group_ids", "in", group.id), ("share", "=", False)], order="id"
    )


def pick_actors(env):
    """The users and records the operations run with, read from the data.

    ``env`` is a superuser environment; nothing measured runs with it.
    """
    cr = env.cr
    actors = {}
    # The member: a representative without another role, of an agency sitting at
    # the table with the most situations.
    cr.execute(
        "SELECT table_id FROM focus_situation GROUP BY table_id"
        " ORDER BY count(*) DESC, table_id LIMIT 1"
    )
    table = env["focus.table"].browse(cr.fetchone()[0])
    actors["table"] = table
    plain = _users_in_group(env, "focus_table.group_member") - _users_in_group(
        env, "focus_table.group_chair"
    )
    members = table.agency_ids.user_ids & plain
    actors["member"] = members[:1]
    # The lead agency: a representative of the lead agency of an accepted
    # situation with identities, one the member rules let them read.
    cr.execute(
        """SELECT s.id FROM focus_situation s
            WHERE s.state IN ('accepted', 'intervention')
              AND s.lead_agency_id IS NOT NULL
              AND EXISTS (SELECT 1 FROM focus_situation_identity i
                           WHERE i.situation_id = s.id)
              AND EXISTS (SELECT 1 FROM res_users u
                           WHERE u.focus_agency_id = s.lead_agency_id AND u.active)
         ORDER BY s.id DESC LIMIT 1"""
    )
    row = cr.fetchone()
    actors["lead_situation"] = env[SITUATION].browse(row and row[0])
    lead_agency = actors["lead_situation"].lead_agency_id
    actors["lead"] = (lead_agency.user_ids & plain)[:1] or lead_agency.user_ids[:1]
    # The live meeting: the one with the most agenda items, and its chair.
    cr.execute(
        """SELECT m.id FROM focus_meeting m
             JOIN focus_meeting_item i ON i.meeting_id = m.id
            WHERE m.state IN ('draft', 'in_progress', 'done')
         GROUP BY m.id ORDER BY count(*) DESC, m.id DESC LIMIT 1"""
    )
    row = cr.fetchone()
    actors["meeting"] = env["focus.meeting"].browse(row and row[0])
    actors["chair"] = (
        actors["meeting"].chair_id or actors["meeting"].table_id.chair_ids[:1]
    )
    # A meeting to approve: a closed one of the same chair, else any closed one.
    done = env["focus.meeting"].search([("state", "=", "done")], order="id desc")
    actors["done_meeting"] = done.filtered(lambda m: m.chair_id)[:1] or done[:1]
    actors["approver"] = (
        actors["done_meeting"].chair_id or actors["done_meeting"].table_id.chair_ids[:1]
    )
    archivists = table.archivist_ids or _users_in_group(
        env, "focus_table.group_archivist"
    )
    actors["archivist"] = archivists[:1]
    managers = _users_in_group(env, "focus_table.group_manager").filtered(
        lambda u: u.id != SUPERUSER_ID
    )
    actors["manager"] = managers[:1]
    cr.execute(
        "SELECT max(date_received) FROM focus_situation WHERE table_id = %s", [table.id]
    )
    latest = cr.fetchone()[0]
    actors["year"] = (latest or fields.Datetime.now()).year
    actors["reference"] = (
        env[SITUATION]
        .search(
            [("table_id", "=", table.id), ("state", "!=", "draft")], limit=1, order="id"
        )
        .name
    )
    return actors


# ----------------------------------------------------------------------
# What the web client keeps between requests
# ----------------------------------------------------------------------
# The web client loads an action's views once (get_views), then builds its
# specifications and filter domains in the browser for every page it asks for:
# they are computed once per user here too, outside the timed requests.
_CLIENT_CACHE = {}


def _client_cached(env, key, compute):
    key = (env.uid, *key)
    if key not in _CLIENT_CACHE:
        _CLIENT_CACHE[key] = compute()
    return _CLIENT_CACHE[key]


def _spec(model, view_type, view_id=False):
    return _client_cached(
        model.env,
        (model._name, view_type, view_id),
        lambda: wc.view_spec(model, view_type, view_id),
    )


def _action_domain(model, action):
    return _client_cached(
        model.env,
        ("action", action.id),
        lambda: wc.action_filter_domain(model, action),
    )


def _filter_domain(model, name):
    return _client_cached(
        model.env, ("filter", name), lambda: wc.filter_domain(model, name)
    )


# ----------------------------------------------------------------------
# Situations
# ----------------------------------------------------------------------
def _situation_action(env):
    return env.ref("focus_table.focus_situation_action").sudo()


def situation_list(env):
    Situation = env[SITUATION]
    domain = _action_domain(Situation, _situation_action(env))
    result = wc.list_load(Situation, domain, _spec(Situation, "list"))
    return len(result["records"])


def situation_list_sql(env, member):
    """The same first page and count, the visibility written by hand."""
    Situation = env[SITUATION]
    table_rel = env["focus.table"]._fields["agency_ids"]
    states = ("submitted", "accepted", "intervention")
    visible = f"""
        FROM focus_situation s
        WHERE s.table_id IN (
                SELECT r.{table_rel.column1} FROM {table_rel.relation} r
                  JOIN res_users u ON u.focus_agency_id = r.{table_rel.column2}
                 WHERE u.id = %(uid)s)
          AND (s.state != 'draft' OR s.originating_agency_id = (
                SELECT focus_agency_id FROM res_users WHERE id = %(uid)s))
          AND s.state IN %(states)s"""
    params = {"uid": member.id, "states": states}
    cr = env.cr
    cr.execute(
        f"""SELECT s.*, t.name AS table_name, oa.name AS originating_name,
                   la.name AS lead_name, ab.name AS age_band_name
              FROM ({"SELECT s.* " + visible}
                    ORDER BY s.{Situation._order.replace(", ", ", s.")}
                    LIMIT {wc.LIST_LIMIT}) s
              LEFT JOIN focus_table t ON t.id = s.table_id
              LEFT JOIN focus_agency oa ON oa.id = s.originating_agency_id
              LEFT JOIN focus_agency la ON la.id = s.lead_agency_id
              LEFT JOIN focus_age_band ab ON ab.id = s.age_band_id
             ORDER BY s.{Situation._order.replace(", ", ", s.")}""",
        params,
    )
    rows = cr.fetchall()
    cr.execute(
        f"SELECT count(*) FROM (SELECT 1 {visible} LIMIT {wc.COUNT_LIMIT}) c", params
    )
    cr.fetchone()
    return len(rows)


def situation_kanban(env):
    Situation = env[SITUATION]
    domain = _action_domain(Situation, _situation_action(env))
    arch = _client_cached(env, ("kanban",), lambda: wc.view_arch(Situation, "kanban"))
    result = wc.kanban_grouped_load(
        Situation, domain, arch.get("default_group_by"), _spec(Situation, "kanban")
    )
    return sum(len(g.get("__records", [])) for g in result["groups"])


def situation_search_reference(env, reference):
    Situation = env[SITUATION]
    domain = [("name", "ilike", reference)]
    result = wc.list_load(Situation, domain, _spec(Situation, "list"))
    return len(result["records"])


def situation_filter(env, name):
    Situation = env[SITUATION]
    domain = _filter_domain(Situation, name)
    result = wc.list_load(Situation, domain, _spec(Situation, "list"))
    return max(len(result["records"]), result["length"] and 1)


def situation_form_with_identities(env, situation):
    """The lead agency opens the form, then the identifying details it reveals."""
    Situation = env[SITUATION]
    Situation.browse(situation.id).with_context(bin_size=True).web_read(
        _spec(Situation, "form")
    )
    wizard = env["focus.identity.reveal"].create(
        {"situation_id": situation.id, "reason": "intervention"}
    )
    action = wizard.action_reveal()
    # A new action: its views are asked for (get_views) with the records.
    Identity = env[action["res_model"]].with_context(**action["context"])
    result = wc.list_load(Identity, action["domain"], wc.view_spec(Identity, "list"))
    return len(result["records"])


# ----------------------------------------------------------------------
# Meetings
# ----------------------------------------------------------------------
def meeting_form(env, meeting):
    Meeting = env["focus.meeting"]
    values = (
        Meeting.browse(meeting.id)
        .with_context(bin_size=True)
        .web_read(_spec(Meeting, "form"))
    )
    return len(values[0]["item_ids"])


def meeting_approve(env, meeting):
    env["focus.meeting"].browse(meeting.id).action_approve()
    return 1 if env["focus.meeting"].browse(meeting.id).minutes_attachment_id else 0


# ----------------------------------------------------------------------
# Analysis and reports
# ----------------------------------------------------------------------
def risk_action(env):
    return wc.menu_pivot_action(env, "focus_table_reports", "risk")


def risk_pivot(env, action):
    """Risk category x quarter over all years, as the analysis menu opens it."""
    return sum(len(groups) for groups in wc.risk_pivot_load(env, action))


def outcome_statistics(env, year):
    """The headline outcome rates of every table over a year, per table and in
    all (the dashboard's figures, the summary's outcome section)."""
    figures = env["focus.outcome.fact"].headlines_by_table(
        [("date_month", ">=", f"{year}-01-01"), ("date_month", "<=", f"{year}-12-31")]
    )
    return figures["all"]["presented"]


def situation_pivot(env, xmlid="focus_table.focus_situation_action_analysis"):
    """The default pivot of the analysis action ``xmlid``."""
    action = env.ref(xmlid).sudo()
    Model, rows, cols, measures = wc.pivot_of_action(env, action)
    result = wc.pivot_load(
        Model, wc.action_filter_domain(Model, action), rows, cols, measures
    )
    return sum(len(groups) for groups in result)


def situation_figures(env):
    """*Situation Figures*: the same pivot read from the situation facts."""
    return situation_pivot(env, "focus_table_reports.focus_situation_fact_action")


def summary_pdf(env, table, year):
    wizard = env["focus.summary.wizard"].create(
        {
            "period": "custom",
            "date_from": date(year, 1, 1),
            "date_to": date(year, 12, 31),
            "table_ids": [(6, 0, table.ids)],
        }
    )
    wizard.action_print()
    Report = env["ir.actions.report"].with_context(force_report_rendering=True)
    content, kind = Report._render_qweb_pdf(
        "focus_table_reports.action_report_periodic_summary", wizard.ids
    )
    return len(content) if kind == "pdf" and content.startswith(b"%PDF") else 0


def provincial_export(env, year):
    wizard = env["focus.provincial.export"].create(
        {
            "period": "custom",
            "date_from": date(year, 1, 1),
            "date_to": date(year, 12, 31),
            "export_type": "records",
        }
    )
    wizard.action_export()
    return wizard.row_count


# ----------------------------------------------------------------------
# Scheduled work and lookups
# ----------------------------------------------------------------------
def purge_setup(env):
    """A backlog for the scheduler: a table shortens its retention period.

    The table with the most closings the purge has not passed is set to one day
    (one write to the table, in the savepoint the run rolls back): its closings
    are due, as they would be the morning after such a decision.
    Rows the purge touches are as old as the data, never just rewritten.
    """
    cr = env.cr
    cr.execute(
        """SELECT table_id FROM focus_situation
            WHERE state = 'closed' AND identity_purged_on IS NULL
            GROUP BY table_id ORDER BY count(*) DESC, table_id LIMIT 1"""
    )
    (table_id,) = cr.fetchone()
    cr.execute("UPDATE focus_table SET retention_days = 1 WHERE id = %s", [table_id])
    env.invalidate_all()
    return len(env[SITUATION]._purge_candidates())


def purge(env):
    """The retention purge, as the scheduler runs it (superuser)."""
    return len(env[SITUATION]._cron_purge_identities())


def repeat_lookup(env, situation):
    """An identity is entered: its hash is matched against the table's year."""
    identity = env["focus.situation.identity"].create(
        {
            "situation_id": situation.id,
            "role": "subject",
            "name": "Bench Repeat Probe",
            "birth_date": "2001-02-03",
        }
    )
    return len(identity)


def project_task_list(env, project):
    Task = env["project.task"]
    action = env.ref("project.act_project_project_2_project_task_all").sudo()
    view = action.view_ids.filtered(lambda v: v.view_mode == "list")[:1].view_id
    spec = _spec(Task, "list", view.id)
    domain = list(Domain("project_id", "=", project.id))
    result = wc.list_load(Task, domain, spec)
    return len(result["records"])
