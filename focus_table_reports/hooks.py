from .models.focus_risk_fact import BUCKET_TABLE


def uninstall_hook(env):
    # Not a model's table: the ORM does not drop it with the addon.
    env.cr.execute(f"DROP TABLE IF EXISTS {BUCKET_TABLE}")
