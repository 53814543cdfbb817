"""The operations of the process walk (test_process_walk.py): each a
hypothesis rule taken by a drawn user with that user's rights. Refused
operations are rolled back as an RPC call is (``attempt``); an operation the
rules forbid but that succeeds fails the walk."""

from datetime import timedelta

from hypothesis import strategies as st
from hypothesis.stateful import rule

from odoo import Command, fields
from odoo.exceptions import AccessError, UserError

from . import walk_model as model

# Plain writes of situation fields: the value drawn from these.
WRITES = {
    "summary": ["Youth missing from home again.", "{name} seen at the park."],
    "gender": ["female", "unknown"],
    "subject_type": ["family", "place"],
    "decision_note": ["Agreed AER.", "Agreed: {name} is at risk."],
    "consent_status": ["obtained", "refused"],
    "state": ["closed", "accepted", "draft", "rejected"],
    "lead_agency_id": ["agency"],
    "assisting_agency_ids": ["agencies"],
    "originating_agency_id": ["agency"],
    "table_id": ["table"],
    "date_decision": ["now"],
    "date_closed": ["today"],
    "conclusion_id": ["conclusion"],
    "identity_purged_on": ["today"],
    "disclosure_mode": ["whole_table"],
}
IDENTITY_WRITES = {
    "name": "Morgan Rewritten",
    "birth_date": "2001-02-03",
    "address": "1 Other Street",
    "situation_id": "situation",
    "role": "family",
}
# Searches, counts and groupings that would tell identifying values unread.
IDENTITY_QUERIES = (
    ("identity", "search", [("name", "ilike", "Robin")]),
    ("identity", "search", [("birth_date", "<", "2020-01-01")]),
    ("identity", "search_count", [("address", "ilike", "Lane")]),
    ("identity", "order", "name"),
    ("identity", "read_group", ["name"]),
    ("identity", "read_group_agg", ["birth_date:max"]),
    ("situation", "search", [("identity_ids.name", "ilike", "Robin")]),
    (
        "situation",
        "search_count",
        [("identity_ids", "any", [("birth_date", "=", "2010-01-01")])],
    ),
    ("situation", "read_group", [("identity_ids.address", "!=", False)]),
)


class WalkOperations:
    """Rules of the walk; the state and helpers are ProcessWalk's."""

    # ------------------------------------------------------------------
    # Intake and the Four Filters
    # ------------------------------------------------------------------
    @rule(data=st.data(), north=st.booleans(), with_identity=st.booleans())
    def create_situation(self, data, north, with_identity):
        user = self._draw_user(data)
        table = self.case.table_north if north else self.case.table
        vals = self.case._situation_vals(table_id=table.id)
        del vals["originating_agency_id"]  # the user's own agency, by default
        vals["date_received"] = fields.Date.today() - timedelta(
            days=data.draw(st.integers(0, 30), label="days ago")
        )

        def create():
            situation = self.env["focus.situation"].with_user(user).create(vals)
            if with_identity:
                self._add_identity(situation, user)
            return situation

        done, situation = self.attempt(create)
        if done:
            self.situations |= situation.sudo(False).with_env(self.env)
            assert situation.sudo().originating_agency_id == user.focus_agency_id

    def _step(self, data, allowed, states, operation):
        """Draw a situation and a user, take the step, check who may take it."""
        situation = self.env["focus.situation"].browse(
            self._draw_situation(data, states)
        )
        before = situation.sudo().state
        user = self._draw_user(data, allowed, situation.sudo())
        permitted = allowed(user, situation.sudo())
        done, result = self.attempt(lambda: operation(situation.with_user(user), data))
        if done:
            assert permitted, (
                f"{user.login} took a step the rules forbid on {situation.name} "
                f"({before})"
            )
        self._note_frozen()
        return done, result

    @rule(data=st.data())
    def submit(self, data):
        self._step(data, model.may_submit, ("draft",), lambda s, d: s.action_submit())

    @rule(data=st.data(), with_agencies=st.booleans())
    def accept(self, data, with_agencies):
        def accept(situation, data):
            kwargs = {"date_decision": fields.Datetime.now()}
            if with_agencies:
                lead, assisting = self._draw_agencies(data, situation)
                kwargs.update(
                    lead_agency_id=lead.id, assisting_agency_ids=assisting.ids
                )
            return situation.action_accept(**kwargs)

        self._step(data, model.may_decide, ("submitted",), accept)

    @rule(data=st.data())
    def reject(self, data):
        self._step(
            data,
            model.may_decide,
            ("submitted",),
            lambda s, d: s.action_reject(date_decision=fields.Datetime.now()),
        )

    def _draw_agencies(self, data, situation):
        agencies = situation.sudo().table_id.agency_ids | self.case.other_police
        lead = agencies.browse(data.draw(st.sampled_from(agencies.ids), label="lead"))
        assisting = agencies.browse(
            data.draw(st.sets(st.sampled_from(agencies.ids), max_size=2), label="with")
        )
        return lead, assisting

    @rule(data=st.data())
    def choose_agencies(self, data):
        def change(situation, data):
            lead, assisting = self._draw_agencies(data, situation)
            return situation.action_change_agencies(
                lead.id, assisting.ids, "The needs changed"
            )

        self._step(
            data, model.may_change_agencies, ("accepted", "intervention"), change
        )

    @rule(data=st.data())
    def intervene(self, data):
        self._step(
            data,
            model.may_intervene,
            ("accepted",),
            lambda s, d: s.action_start_intervention(
                date_intervention=fields.Datetime.now()
            ),
        )

    @rule(data=st.data())
    def close(self, data):
        self._step(
            data,
            model.may_close,
            ("intervention",),
            lambda s, d: s.action_close(conclusion_id=self.case.conclusion.id),
        )

    @rule(data=st.data())
    def reopen(self, data):
        self._step(
            data,
            model.may_reopen,
            ("closed",),
            lambda s, d: s.action_reopen("New information from the school"),
        )

    # ------------------------------------------------------------------
    # Identifying details: add, reveal, read, export, write
    # ------------------------------------------------------------------
    def _known(self, user, situation):
        return bool(situation.sudo()._known_to(user))

    @rule(data=st.data())
    def add_identity(self, data):
        situation = self.env["focus.situation"].browse(self._draw_situation(data))
        user = self._draw_user(data, self._known, situation)
        done, _name = self.attempt(lambda: self._add_identity(situation, user))
        if done:
            assert self._known(user, situation), f"{user.login} added to {situation}"
            assert situation.sudo().state not in model.FROZEN_STATES

    @rule(data=st.data(), reveal=st.booleans())
    def read_identities(self, data, reveal):
        situation = self.env["focus.situation"].browse(self._draw_situation(data))
        user = self._draw_user(data, self._known, situation)
        # sudo: which records to ask for; the read itself is the user's.
        ids = situation.sudo().identity_ids.ids
        Identity = self.env["focus.situation.identity"].with_user(user)

        def read():
            if not reveal:
                return Identity.browse(ids).read(["name", "birth_date"])
            wizard = self.env["focus.identity.reveal"].with_user(user)
            action = wizard.create({"situation_id": situation.id}).action_reveal()
            return Identity.with_context(**action["context"]).search_read(
                action["domain"], ["name", "address"]
            )

        done, rows = self.attempt(read)
        known = self._known(user, situation)
        if done:
            assert known or not ids, f"{user.login} read identities of {situation}"
            if rows:
                self._note_reads(user, Identity.browse([r["id"] for r in rows]))
                log = self.env["focus.access.log"].sudo()
                assert log.search_count(
                    [
                        ("user_id", "=", user.id),
                        ("situation_id", "=", situation.id),
                        ("id", ">", self.log_start),
                        ("channel", "!=", "blocked"),
                    ]
                ), f"read of {situation.name} by {user.login} not logged"
        else:
            assert not (known and ids and not reveal), (
                f"{user.login} refused a need-to-know read: {rows}"
            )

    @rule(data=st.data(), through_situation=st.booleans())
    def export(self, data, through_situation):
        situation = self.env["focus.situation"].browse(self._draw_situation(data))
        user = self._draw_user(data, self._known, situation)

        def export():
            if through_situation:
                records = (
                    self.env["focus.situation"].with_user(user).browse(situation.id)
                )
                return records.export_data(["name", "identity_ids/name"])["datas"]
            Identity = self.env["focus.situation.identity"].with_user(user)
            records = Identity.search([("situation_id", "=", situation.id)])
            return records.export_data(["name", "birth_date"])["datas"]

        done, rows = self.attempt(export)
        if not done:
            return
        col = 1 if through_situation else 0
        values = {row[col] for row in rows if row[col]}
        if values:
            assert self._known(user, situation), f"{user.login} exported {values}"
            assert values <= set(self._names_of(situation)), values
            self._note_reads(user, situation.sudo().identity_ids)

    @rule(data=st.data(), field=st.sampled_from(sorted(IDENTITY_WRITES)))
    def write_identity(self, data, field):
        situation = self.env["focus.situation"].browse(self._draw_situation(data))
        # sudo: the record to write; the write itself is the user's.
        identities = situation.sudo().identity_ids
        if not identities:
            return
        identity = identities[0]
        user = self._draw_user(data, self._known, situation)
        value = IDENTITY_WRITES[field]
        if value == "situation":
            value = self._draw_situation(data)
        frozen = situation.sudo().state in model.FROZEN_STATES
        done, _ = self.attempt(lambda: identity.with_user(user).write({field: value}))
        if done:
            assert self._known(user, situation), f"{user.login} wrote an identity"
            assert not frozen, f"{user.login} changed an identity of a frozen one"
            assert identity.sudo().situation_id == situation, "identity moved"

    @rule(data=st.data(), query=st.sampled_from(IDENTITY_QUERIES))
    def query_identifying_fields(self, data, query):
        """Searching, counting, sorting or grouping by identifying values is refused
        to everyone, whatever their need to know."""
        user = self._draw_user(data)
        target, method, arg = query
        name = "focus.situation.identity" if target == "identity" else "focus.situation"
        Model = self.env[name].with_user(user)

        def run():
            if method == "order":
                return Model.search([], order=arg)
            # What the web client's grouped lists and pivots call.
            if method == "read_group" and target == "identity":
                return Model.formatted_read_group([], arg, ["__count"])
            if method == "read_group_agg":
                return Model.formatted_read_group([], ["role"], arg)
            if method == "read_group":
                return Model.formatted_read_group(arg, ["state"], ["__count"])
            return getattr(Model, method)(arg)

        done, result = self.attempt(run)
        assert not done, f"{user.login} ran {query}: {result}"
        assert isinstance(result, (AccessError, UserError)), result

    # ------------------------------------------------------------------
    # Plain writes and the chatter
    # ------------------------------------------------------------------
    def _write_value(self, data, situation, field):
        value = data.draw(st.sampled_from(WRITES[field]), label=field)
        names = self._names_of(situation) or ["Robin Walker"]
        if value == "agency":
            return data.draw(st.sampled_from(self.case.table.agency_ids.ids))
        if value == "agencies":
            return [Command.set(self.case.table.agency_ids.ids[:2])]
        if value == "table":
            return data.draw(st.sampled_from(self.tables.ids))
        if value == "now":
            return fields.Datetime.now()
        if value == "today":
            return fields.Date.today()
        if value == "conclusion":
            return self.case.conclusion.id
        return value.format(name=names[0])

    @rule(data=st.data(), field=st.sampled_from(sorted(WRITES)))
    def write_field(self, data, field):
        situation = self.env["focus.situation"].browse(self._draw_situation(data))
        user = self._draw_user(data)
        value = self._write_value(data, situation, field)
        Situation = self.env["focus.situation"]
        before = situation.sudo().read([field])[0][field]
        state = situation.sudo().state
        done, _ = self.attempt(lambda: situation.with_user(user).write({field: value}))
        if not done:
            return
        situation.invalidate_recordset()
        after = situation.sudo().read([field])[0][field]
        assert state not in model.FROZEN_STATES, f"{user.login} wrote {field}"
        if field in Situation._step_fields and after != before:
            assert field == "table_id" and state == "draft", (
                f"{user.login} changed {field} of {situation.name} ({state}) by a "
                f"plain write: {before} -> {after}"
            )
        # The guard compares a text with the identities its writer may read only
        # (otherwise the refusal would confirm a guess): those must stay out.
        if field in ("summary", "decision_note") and self._known(user, situation):
            for name in self._names_of(situation):
                assert name not in (after or ""), f"{name} written into {field}"

    @rule(data=st.data(), with_name=st.booleans())
    def message_post(self, data, with_name):
        situation = self.env["focus.situation"].browse(self._draw_situation(data))
        user = self._draw_user(data)
        names = self._names_of(situation)
        body = "Follow-up planned with the school."
        if with_name and names:
            body = f"Door knock done, {names[0]} was home."
        state = situation.sudo().state
        done, _ = self.attempt(
            lambda: situation.with_user(user).message_post(
                body=body, message_type="comment", subtype_xmlid="mail.mt_note"
            )
        )
        if done:
            assert state not in model.FROZEN_STATES, f"{user.login} posted on frozen"
            assert not (with_name and names and self._known(user, situation)), (
                f"{user.login} posted a name they know: {body}"
            )
