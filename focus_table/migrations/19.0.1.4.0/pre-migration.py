"""19.0.1.4.0: references are searched by fragment through a trigram index.

The reference's B-tree index is dropped (its unique constraint keeps one for
exact look-ups), so that the update creates the trigram index under the same
name where ``pg_trgm`` is available.
"""

from odoo.tools import sql


def migrate(cr, version):
    if not version:
        return
    sql.drop_index(cr, "focus_situation__name_index", "focus_situation")
