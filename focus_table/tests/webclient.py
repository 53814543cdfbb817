"""What the web client asks the server for a view, rebuilt on the server side.

The specifications come from the arch that ``get_views`` returns for the user, as
the web client builds them (``getFieldsSpec`` in ``relational_model/utils.js``):
many2one fields read their display name, x2many fields read the fields of their
inline list or kanban view (40 rows), tags their display name (and colour).
"""

from itertools import product

from lxml import etree

from odoo.fields import Domain
from odoo.tools.safe_eval import safe_eval

LIST_LIMIT = 80
KANBAN_LIMIT = 40
COUNT_LIMIT = 10001  # DEFAULT_COUNT_LIMIT + 1: the list asks for one more
X2MANY_LIMIT = 40
TAG_WIDGETS = {"many2many_tags", "many2many_tags_avatar", "many2many_avatar_user"}


def _field_nodes(node):
    """The field nodes of a view, not those of its inline sub-views."""
    for child in node.iterchildren(tag=etree.Element):
        if child.tag == "field":
            yield child
        else:
            yield from _field_nodes(child)


def field_spec(model, arch_node):
    """The specification the web client reads a view's fields with."""
    spec = {}
    for node in _field_nodes(arch_node):
        name = node.get("name")
        field = model._fields.get(name)
        if field is None:
            continue
        if field.type == "many2one":
            spec[name] = {"fields": {"display_name": {}}}
        elif field.type in ("one2many", "many2many"):
            comodel = model.env[field.comodel_name]
            sub = next(
                (
                    c
                    for c in node.iterchildren(tag=etree.Element)
                    if c.tag in ("list", "kanban")
                ),
                None,
            )
            if sub is not None:
                limit = int(sub.get("limit") or X2MANY_LIMIT)
                spec[name] = {"fields": field_spec(comodel, sub), "limit": limit}
            elif node.get("widget") in TAG_WIDGETS:
                sub_fields = {"display_name": {}}
                options = safe_eval(node.get("options") or "{}")
                if options.get("color_field"):
                    sub_fields[options["color_field"]] = {}
                spec[name] = {"fields": sub_fields}
            else:
                spec[name] = {}
        else:
            spec.setdefault(name, {})
    return spec


def view_arch(model, view_type, view_id=False):
    """The arch of the model's default view of a type, as served to the user."""
    views = model.get_views([(view_id, view_type)])
    return etree.fromstring(views["views"][view_type]["arch"])


def view_spec(model, view_type, view_id=False):
    spec = field_spec(model, view_arch(model, view_type, view_id))
    if view_type == "form":
        spec.setdefault("display_name", {})
    return spec


def search_filters(model, view_id=False):
    """The named filters of the model's search view: ``{name: node}``."""
    arch = view_arch(model, "search", view_id)
    return {node.get("name"): node for node in arch.iter("filter") if node.get("name")}


def filter_domain(model, name, view_id=False):
    """The domain of a named filter of the search view, evaluated for the user."""
    node = search_filters(model, view_id)[name]
    return safe_eval(
        node.get("domain") or "[]", {"uid": model.env.uid, "context_today": None}
    )


def action_filter_domain(model, action):
    """The domain of an action with the filters it switches on
    (``search_default_*``)."""
    evaluation = {"uid": model.env.uid}
    context = safe_eval(action.context or "{}", evaluation)
    filters = search_filters(model, action.search_view_id.id)
    domains = [safe_eval(action.domain or "[]", evaluation)]
    for key, value in context.items():
        node = filters.get(key.removeprefix("search_default_"))
        if key.startswith("search_default_") and value and node is not None:
            domains.append(safe_eval(node.get("domain") or "[]", evaluation))
    return list(Domain.AND(domains))


def list_load(model, domain, spec, order=None):
    """A list's first page and its count (``web_search_read``)."""
    return model.web_search_read(
        domain, spec, offset=0, limit=LIST_LIMIT, order=order, count_limit=COUNT_LIMIT
    )


def kanban_grouped_load(model, domain, groupby, spec):
    """A kanban grouped by a field, its groups opened (``web_read_group``)."""
    return model.with_context(read_group_expand=True).web_read_group(
        domain,
        [groupby],
        ["__count"],
        limit=80,
        auto_unfold=True,
        unfold_read_specification=spec,
        unfold_read_default_limit=KANBAN_LIMIT,
    )


def _sections(groupbys):
    return [groupbys[:i] for i in range(len(groupbys) + 1)]


def pivot_specs(model, arch):
    """Rows, columns and measures of a pivot arch."""
    rows, cols, measures = [], [], []
    for node in arch.iter("field"):
        kind = node.get("type")
        name = node.get("name")
        if kind == "row":
            rows.append(
                name + (f":{node.get('interval')}" if node.get("interval") else "")
            )
        elif kind == "col":
            cols.append(
                name + (f":{node.get('interval')}" if node.get("interval") else "")
            )
        elif kind == "measure":
            measures.append(measure_spec(model, name))
    return rows, cols, measures


def measure_spec(model, name):
    field = model._fields[name]
    if field.type == "many2one":
        return f"{name}:count_distinct"
    return f"{name}:{field.aggregator or 'sum'}"


def pivot_load(model, domain, rows, cols, measures):
    """What the pivot view asks for: one grouping set per pair of row and column
    prefixes, in one ``formatted_read_grouping_sets`` call (Odoo 19)."""
    measures = [*measures, "__count"] if "__count" not in measures else measures
    grouping_sets = []
    for left, right in product(_sections(rows), _sections(cols)):
        groupby = [*left, *right]
        if sorted(groupby) not in [sorted(g) for g in grouping_sets]:
            grouping_sets.append(groupby)
    return model.formatted_read_grouping_sets(domain, grouping_sets, measures)


def pivot_of_action(env, action):
    """The model, rows, columns and measures of an action's pivot view."""
    Model = env[action.res_model]
    view = action.view_ids.filtered(lambda v: v.view_mode == "pivot")[:1].view_id
    rows, cols, measures = pivot_specs(Model, view_arch(Model, "pivot", view.id))
    return Model, rows, cols, measures


def menu_pivot_action(env, module, word):
    """The pivot action of the first menu of ``module`` whose name has ``word``:
    found from the menu, so it follows whatever model the menu opens."""
    Menu = env["ir.ui.menu"].sudo().with_context(lang="en_US")
    for menu in Menu.search([("action", "!=", False)]):
        action = menu.action
        xmlid = menu.get_external_id().get(menu.id) or ""
        if (
            action._name == "ir.actions.act_window"
            and "pivot" in (action.view_mode or "")
            and word in menu.name.lower()
            and xmlid.startswith(f"{module}.")
        ):
            return action
    return None


def risk_pivot_load(env, action):
    """Risk category x quarter over all years: the rows and measures of the
    action's pivot view, the quarters of its search view's date filter."""
    Model, rows, cols, measures = pivot_of_action(env, action)
    search = search_filters(Model, action.search_view_id.id).values()
    dates = [node.get("date") for node in search if node.get("date")]
    if dates:
        cols = [f"{dates[0]}:quarter"]
    return pivot_load(Model, action_filter_domain(Model, action), rows, cols, measures)
