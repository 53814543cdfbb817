from odoo import models


class MailActivity(models.Model):
    _name = "mail.activity"
    _inherit = ["mail.activity", "focus.chatter.guard"]

    _focus_guarded_fields = ("summary", "note", "feedback")
