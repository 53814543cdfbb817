from odoo import api, models


class FocusTableColumnMixin(models.AbstractModel):
    """Lists drop their Table column for users who sit at one table only.

    The list arch is adapted on the server: a column's visibility in a list view
    cannot depend on the user's own fields on the client. The cache key carries the
    flag, so each variant of the arch is cached apart.
    """

    _name = "focus.table.column.mixin"
    _description = "Table Column Shown Only to Users of Several Tables"

    @api.model
    def _get_view_cache_key(self, view_id=None, view_type="form", **options):
        key = super()._get_view_cache_key(view_id, view_type, **options)
        return (*key, self.env.user.focus_single_table)

    @api.model
    def _get_view(self, view_id=None, view_type="form", **options):
        arch, view = super()._get_view(view_id, view_type, **options)
        if view_type == "list" and self.env.user.focus_single_table:
            # Top-level columns only: the lists of x2many fields keep theirs.
            for node in arch.xpath("/list/field[@name='table_id']"):
                node.set("column_invisible", "True")
        return arch, view
