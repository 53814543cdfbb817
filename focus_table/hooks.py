def post_init_hook(env):
    """Generate the secret key of the repeat-presentation hash at install."""
    env["focus.situation.identity"]._repeat_secret()
