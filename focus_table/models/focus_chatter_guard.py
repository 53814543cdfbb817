"""The mail records of Focus Table documents stay de-identified, and frozen.

Messages, attachments and activities are read by whoever may read their
document, and activities by their assignees without it; each is written by
many paths (``message_post``, the composer, ``mail.message.create`` or
``write`` called directly, one2many commands, activity feedback). Whatever the
path, the record they are written on is checked here: the document's own guard
(``focus.deidentified.mixin``) compares their texts, and a rejected or closed
situation takes nothing new.
"""

from odoo import api, models
from odoo.exceptions import UserError

from .focus_step_guard import in_step


def guarded_document(env, model, res_id):
    """The Focus Table document a mail record is attached to, or None."""
    if not (model and res_id) or model not in env:
        return None
    if model not in env.registry.descendants(["focus.deidentified.mixin"], "_inherit"):
        return None
    return env[model].browse(res_id)


class FocusChatterGuard(models.AbstractModel):
    """Checks the mail records (messages, attachments, activities) of documents.

    A model adopts it with ``_focus_document_fields`` (the fields naming the
    document: model name, record id) and ``_focus_guarded_fields`` (its stored
    free texts that readers see).
    """

    _name = "focus.chatter.guard"
    _description = "De-identified Mail Records"

    _focus_document_fields = ("res_model", "res_id")
    _focus_guarded_fields = ()

    def _focus_documents(self):
        """{document: records of self} for the records on Focus Table documents."""
        model_field, id_field = self._focus_document_fields
        documents = {}
        # sudo: reads which document each record is attached to, nothing else.
        for record in self.sudo():
            document = guarded_document(self.env, record[model_field], record[id_field])
            if document is not None:
                documents.setdefault(document, self.browse())
                documents[document] |= record.sudo(False)
        return documents

    def _focus_known_names(self):
        """Names these records rightly carry (their author, say)."""
        return []

    def _focus_check(self, fnames, new=False):
        """Check the texts ``fnames`` of the records; ``new`` records (created, or
        moved onto a document) may not go on a frozen one."""
        names = [fname for fname in self._focus_guarded_fields if fname in fnames]
        if new:
            self._focus_check_not_frozen(new=True)
        for document, records in self._focus_documents().items():
            document = document.with_env(self.env)
            for record in records.sudo() if names else ():
                texts = {
                    f"{record._fields[fname]._description_string(self.env)} "
                    f"({self._description})": record._focus_text(fname)
                    for fname in names
                }
                document._check_deidentified_values(
                    texts, known_names=record._focus_known_names()
                )

    def _focus_text(self, fname):
        field = self._fields[fname]
        value = self[fname]
        if field.type == "html" and value:
            return self.env["focus.deidentified.mixin"]._deidentified_text(value, field)
        return value or ""

    @api.model_create_multi
    def create(self, vals_list):
        records = super().create(vals_list)
        records._focus_check({name for vals in vals_list for name in vals}, new=True)
        return records

    def write(self, vals):
        moved = set(self._focus_document_fields) & set(vals)
        if not self.env.su:
            # Access first: the state of a document the writer may not reach is
            # not its business (the refusal below would name it).
            self.check_access("write")
        # Changing what is already on a frozen document changes it too.
        self._focus_check_not_frozen()
        res = super().write(vals)
        self._focus_check(
            set(self._focus_guarded_fields) if moved else set(vals), new=bool(moved)
        )
        return res

    def _focus_check_not_frozen(self, new=False):
        """Nothing is added to, or changed on, a rejected or closed document but
        by a step or the system."""
        if self.env.su or in_step():
            return
        for document in self._focus_documents():
            # sudo: reads the document's state only.
            if not document.sudo()._deidentified_frozen():
                continue
            name = document.sudo().display_name
            raise UserError(
                self.env._(
                    "%(document)s was rejected or closed: it takes no new "
                    "messages, attachments or activities; re-open it first.",
                    document=name,
                )
                if new
                else self.env._(
                    "%(document)s was rejected or closed: its messages, "
                    "attachments and activities can no longer be changed.",
                    document=name,
                )
            )
