"""Window actions of the smart buttons."""


def window_action(env, xmlid, domain, context=None):
    """The window action ``xmlid``, opened on ``domain`` with ``context``."""
    action = env["ir.actions.act_window"]._for_xml_id(xmlid)
    action["domain"] = domain
    action["context"] = context or {}
    return action
