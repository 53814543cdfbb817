import contextlib
from datetime import timedelta

from odoo import Command, fields
from odoo.tests import HttpCase, tagged

from .rpc_common import JsonRpcMixin, RpcError
from .security_common import FocusSecurityCase

MAGIC_FIELDS = {"id", "create_uid", "create_date", "write_uid", "write_date"}
THREAD_PREFIXES = ("message_", "activity_", "website_message_")
OLD_DATE = "2020-01-02"
OLD_DATETIME = "2020-01-02 03:04:05"


@tagged("post_install", "-at_install")
class TestIntegrityOverJsonRpc(JsonRpcMixin, FocusSecurityCase, HttpCase):
    """What only a step may change cannot be changed by a plain call, as any role.

    Every guarded field of every guarded model is tried with ``write``; those of the
    situation also with ``create``, ``copy``, ``onchange`` then ``web_save``, and
    ``load``. Each attempt is refused, changes nothing, discloses nothing and
    writes no access-log entry.
    """

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.submitted = cls.env["focus.situation"].create(cls._situation_vals())
        cls.submitted.action_submit()
        cls.meeting = cls._utc_meeting(fields.Datetime.now())
        cls.meeting.action_prepare_agenda()
        cls.meeting.action_start()
        cls.item = cls.meeting.item_ids.filtered(
            lambda i: i.situation_id == cls.submitted
        )
        cls.item.write({"lead_agency_id": cls.health.id})
        cls.item.action_accept()
        cls.attendance = cls.meeting.attendance_ids.filtered(
            lambda a: a.user_id == cls.user_health
        )
        cls.attendance._acknowledge()
        cls.action = cls.env["focus.action"].create(
            {
                "name": "Joint home visit",
                "situation_id": cls.accepted.id,
                "agency_id": cls.health.id,
                "date_deadline": fields.Date.today() + timedelta(days=2),
            }
        )
        cls.roles = (
            cls.user_police,  # originating
            cls.user_health,  # lead
            cls.user_school,  # assisting
            cls.user_housing,  # at the table, not chosen
            cls.user_other,  # another table
            cls.user_chair,
            cls.user_archivist,
            cls.user_manager,
        )

    # ------------------------------------------------------------------
    # Helpers
    # ------------------------------------------------------------------
    def state_of_the_world(self, record):
        """What a refused call must leave as it was."""
        self.env.invalidate_all()
        return (
            self._snapshot(record),
            self.env["focus.disclosure"].sudo().search_count([]),
            self.Log.sudo().search_count([]),
            self.env[record._name].sudo().search_count([]),
        )

    def assertRefused(self, record, attempt, label):
        before = self.state_of_the_world(record)
        with self.assertRaises(RpcError, msg=label):
            attempt()
        self.assertEqual(self.state_of_the_world(record), before, label)

    def forged_value(self, record, fname):
        """A value that differs from the field's current one, as a client sends it."""
        field = record._fields[fname]
        if field.type == "many2one":
            candidates = self.env[field.comodel_name].sudo().search([], limit=3)
            return (candidates - record.sudo()[fname])[:1].id
        if field.type in ("many2many", "one2many"):
            candidates = self.env[field.comodel_name].sudo().search([], limit=3)
            return [Command.link((candidates - record.sudo()[fname])[:1].id)]
        if field.type == "selection":
            # Neither the current value nor the default (a new record's own).
            default = record.default_get([fname]).get(fname)
            values = [v for v, _label in field._description_selection(self.env)]
            return next(v for v in values if v not in (record.sudo()[fname], default))
        if field.type == "date":
            return OLD_DATE
        if field.type == "datetime":
            return OLD_DATETIME
        if field.type == "boolean":
            return not record.sudo()[fname]
        if field.type in ("integer", "float"):
            return 999
        return "Forged"

    def guarded_fields(self, model):
        return sorted(self.env[model]._guarded_fields())

    def load_row(self, record, fname, value):
        field = record._fields[fname]
        if field.type == "many2one":
            return f"{fname}/.id", str(value)
        if field.type in ("many2many", "one2many"):
            return f"{fname}/.id", str(value[0][1])
        return fname, str(value)

    # ------------------------------------------------------------------
    # The declarative lists
    # ------------------------------------------------------------------
    def test_every_stored_field_is_guarded_or_declared_free(self):
        guard = self.env.registry["focus.step.guard"]
        guarded = [
            name
            for name, cls in self.env.registry.items()
            if issubclass(cls, guard) and not cls._abstract
        ]
        self.assertEqual(len(guarded), 7, guarded)
        for model in guarded:
            Model = self.env[model]
            step, free = Model._step_fields, Model._free_fields
            with self.subTest(model=model):
                self.assertFalse(step & free, "a field is both guarded and free")
                self.assertFalse((step | free) - set(Model._fields), "unknown names")
                self.assertLessEqual(Model._create_fields, step)
                for name, field in Model._fields.items():
                    if not field.store or name in MAGIC_FIELDS:
                        continue
                    if name.startswith(THREAD_PREFIXES):
                        continue
                    computed = field.compute and field.readonly
                    self.assertTrue(
                        name in step or name in free or computed,
                        f"{model}.{name} is neither guarded nor declared free",
                    )
                    if field.readonly and not field.compute and field.column_type:
                        self.assertIn(
                            name, step, f"{model}.{name} is read-only but not guarded"
                        )

    # ------------------------------------------------------------------
    # write, as every role, on every guarded field of every model
    # ------------------------------------------------------------------
    def test_write_refused_for_every_guarded_field_and_role(self):
        records = (
            self.accepted,
            self.identity,
            self.meeting,
            self.item,
            self.attendance,
            self.action,
        )
        for record in records:
            for fname in self.guarded_fields(record._name):
                value = self.forged_value(record, fname)
                for user in self.roles:
                    label = f"{user.login} writes {record._name}.{fname}"
                    with self.subTest(label):
                        self.as_user(user)
                        self.assertRefused(
                            record,
                            lambda r=record, f=fname, v=value: self.call(
                                r._name, "write", [r.id], {f: v}
                            ),
                            label,
                        )
        # Nothing disclosed: the unchosen agency still reads no identity.
        self.assertFalse(
            self.env["focus.situation.identity"]
            .with_user(self.user_housing)
            .search([("situation_id", "=", self.accepted.id)])
        )

    # ------------------------------------------------------------------
    # The other ways in: create, copy, onchange then save, load
    # ------------------------------------------------------------------
    def test_create_copy_save_and_load_refused_for_the_situation(self):
        situation = self.accepted
        # The same creation without a guarded field goes through: the refusals
        # below come from the field, not from the call.
        self.as_user(self.user_police)
        plain = {
            **self._situation_vals(),
            "date_received": fields.Date.to_string(fields.Date.today()),
        }
        created = self.call("focus.situation", "create", [plain])
        self.assertTrue(created)
        for fname in self.guarded_fields("focus.situation"):
            if fname in situation._create_fields:
                continue
            value = self.forged_value(situation, fname)
            for user in self.roles:
                self.as_user(user)
                label = f"{user.login}: {fname}"
                with self.subTest(f"create {label}"):
                    self.assertRefused(
                        situation,
                        lambda f=fname, v=value: self.call(
                            "focus.situation", "create", [{**plain, f: v}]
                        ),
                        label,
                    )
                with self.subTest(f"copy {label}"):
                    self.assertRefused(
                        situation,
                        lambda f=fname, v=value: self.call(
                            "focus.situation", "copy", [situation.id], default={f: v}
                        ),
                        label,
                    )
                with self.subTest(f"onchange then save {label}"):

                    def onchange_then_save(f=fname, v=value):
                        # Whatever the onchange answers, the client may still save.
                        with contextlib.suppress(RpcError):
                            self.call(
                                "focus.situation",
                                "onchange",
                                [situation.id],
                                {f: v},
                                [f],
                                {f: {}},
                            )
                        self.call(
                            "focus.situation",
                            "web_save",
                            [situation.id],
                            {f: v},
                            specification={"state": {}},
                        )

                    self.assertRefused(situation, onchange_then_save, label)
                with self.subTest(f"load {label}"):
                    before = self.state_of_the_world(situation)
                    column, cell = self.load_row(situation, fname, value)
                    result = self.call(
                        "focus.situation",
                        "load",
                        [".id", column],
                        [[str(situation.id), cell]],
                    )
                    self.assertFalse(result["ids"], label)
                    self.assertTrue(result["messages"], label)
                    self.assertEqual(self.state_of_the_world(situation), before, label)

    def test_create_and_copy_refused_for_meeting_records(self):
        presets = (
            (self.item, {"meeting_id": self.meeting.id, "kind": "other", "name": "X"}),
            (
                self.action,
                {
                    "name": "Call back",
                    "situation_id": self.accepted.id,
                    "agency_id": self.health.id,
                    "date_deadline": fields.Date.to_string(fields.Date.today()),
                },
            ),
        )
        self.as_user(self.user_chair)
        for record, base in presets:
            # Without a guarded field, the chair creates it.
            self.assertTrue(self.call(record._name, "create", [base]))
            for fname in self.guarded_fields(record._name):
                if fname in record._create_fields:
                    continue
                value = self.forged_value(record, fname)
                label = f"{record._name}.{fname}"
                with self.subTest(f"create {label}"):
                    self.assertRefused(
                        record,
                        lambda r=record, f=fname, v=value, b=base: self.call(
                            r._name, "create", [{**b, f: v}]
                        ),
                        label,
                    )
                with self.subTest(f"copy {label}"):
                    self.assertRefused(
                        record,
                        lambda r=record, f=fname, v=value: self.call(
                            r._name, "copy", [r.id], default={f: v}
                        ),
                        label,
                    )

    # ------------------------------------------------------------------
    # Context keys from the client open nothing
    # ------------------------------------------------------------------
    def test_client_context_does_not_open_a_step(self):
        row = self.meeting.attendance_ids.filtered(
            lambda a: a.user_id == self.user_school
        )
        self.as_user(self.user_chair)
        for key in ("focus_acknowledge", "focus_step", "install_mode"):
            with self.subTest(key):
                self.assertRefused(
                    row,
                    lambda k=key: self.call(
                        "focus.meeting.attendance",
                        "write",
                        [row.id],
                        {"acknowledged": True},
                        context={k: True},
                    ),
                    key,
                )
        self.assertFalse(row.acknowledged)
