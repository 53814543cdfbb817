import secrets


def post_init_hook(env):
    """Generate the secret key of the repeat-presentation hash once per database."""
    params = env["ir.config_parameter"].sudo()
    if not params.get_param("focus_table.repeat_key"):
        params.set_param("focus_table.repeat_key", secrets.token_hex(32))
