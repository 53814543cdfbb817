from .models.focus_bucket_queue import BUCKET_TABLE, QUEUE_TABLE


def uninstall_hook(env):
    # Not models' tables: the ORM does not drop them with the addon.
    env.cr.execute(f"DROP TABLE IF EXISTS {BUCKET_TABLE}, {QUEUE_TABLE}")
