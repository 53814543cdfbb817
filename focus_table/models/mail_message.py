from odoo import models


class MailMessage(models.Model):
    _name = "mail.message"
    _inherit = ["mail.message", "focus.chatter.guard"]

    _focus_document_fields = ("model", "res_id")
    # Every stored text of a message but its model name (test_attack_channels).
    _focus_guarded_fields = (
        "subject",
        "body",
        "email_from",
        "reply_to",
        "incoming_email_to",
        "incoming_email_cc",
        "outgoing_email_to",
        "message_id",
        "email_layout_xmlid",
    )

    def _focus_known_names(self):
        # The author's name and address are in the sender fields.
        return [self.author_id.name or "", self.author_id.email or ""]
