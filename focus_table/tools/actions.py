"""Smart buttons: their counts and the window actions they open."""


def window_action(env, xmlid, domain, context=None):
    """The window action ``xmlid``, opened on ``domain`` with ``context``."""
    action = env["ir.actions.act_window"]._for_xml_id(xmlid)
    action["domain"] = domain
    action["context"] = context or {}
    return action


def related_action(record, xmlid, field, **defaults):
    """The window action ``xmlid`` on the rows whose ``field`` is ``record``.

    New rows made from it point at ``record`` too, with ``defaults`` (field
    name: value) as their other default values.
    """
    record.ensure_one()
    context = {f"default_{name}": value for name, value in defaults.items()}
    context[f"default_{field}"] = record.id
    return window_action(record.env, xmlid, [(field, "=", record.id)], context)


def count_by(records, model, field, domain=(), aggregate="__count"):
    """``{record: count}`` of the ``model`` rows whose ``field`` is one of ``records``.

    Read with the caller's rights, so that a count never tells of rows the
    user may not see.
    """
    return dict(
        records.env[model]._read_group(
            [(field, "in", records.ids), *domain], [field], [aggregate]
        )
    )


def dialog_action(res_model, name=None, res_id=None, context=None, views=None):
    """The form of ``res_model`` in a dialog: a wizard, or ``res_id`` again."""
    action = {"type": "ir.actions.act_window", "res_model": res_model}
    for key, value in (("name", name), ("res_id", res_id), ("views", views)):
        if value is not None:
            action[key] = value
    action.update(view_mode="form", target="new")
    if context is not None:
        action["context"] = context
    return action
