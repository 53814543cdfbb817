"""Follow-up actions agreed at the meetings."""

from datetime import datetime, timedelta

from .copy_writer import copy_rows, reserve_ids
from .plan import ACTION_NAMES, ACTION_RESULTS, ACTIONS_PER_SITUATION, DAY, SUPERUSER_ID


class ActionsLoader:
    def _load_actions(self):
        rng = self.rng
        granted = [s for s in self.situations if s["lead_agency_id"]]
        target = round(self.n_situations * ACTIONS_PER_SITUATION)
        per = target / max(1, len(granted))
        counts = [int(per) + (rng.random() < per - int(per)) for _s in granted]
        first_id = reserve_ids(self.cr, "focus_action", sum(counts))
        self.stats["actions"] = copy_rows(
            self.cr,
            "focus_action",
            [
                "id",
                "name",
                "situation_id",
                "meeting_id",
                "item_id",
                "table_id",
                "agency_id",
                "user_id",
                "date_deadline",
                "state",
                "result",
                "date_done",
                "action_type_id",
                "create_uid",
                "create_date",
                "write_uid",
                "write_date",
            ],
            (
                (first_id + k, *row)
                for k, row in enumerate(self._action_rows(granted, counts))
            ),
        )
        self.loaded_ids["focus.action"] = list(range(first_id, first_id + sum(counts)))

    def _action_rows(self, granted, counts):
        rng = self.rng
        meeting_start = {row[0]: row[4] for row in self.meeting_rows}
        for s, count in zip(granted, counts, strict=True):
            owners = [s["lead_agency_id"], *s["assisting"]]
            for k in range(count):
                item = self.update_item.get(s["id"]) if k % 2 else None
                item = item or self.new_item.get(s["id"])
                meeting_id = self.item_meeting[item] if item else s["meeting"]
                start = meeting_start[meeting_id]
                deadline = start.date() + timedelta(days=rng.randint(2, 14))
                agency = owners[k % len(owners)]
                if s["state"] == "closed":
                    state = rng.choices(
                        ["done", "not_possible", "cancelled"], [85, 8, 7]
                    )[0]
                elif deadline < self.today - 3 * DAY and rng.random() < 0.7:
                    state = "done"
                else:
                    state = "open"
                done_on = None
                result = None
                if state == "done":
                    done_on = min(
                        deadline - timedelta(days=rng.randint(0, 2)), self.today
                    )
                    done_on = max(done_on, start.date())
                    result = rng.choice(ACTION_RESULTS)
                elif state == "not_possible":
                    result = "No longer possible; the situation changed."
                user = self.agency_user[agency]
                yield (
                    rng.choice(ACTION_NAMES),
                    s["id"],
                    meeting_id,
                    item,
                    s["table_id"],
                    agency,
                    user,
                    deadline,
                    state,
                    result,
                    done_on,
                    self.action_type,
                    self.table_info[s["table_id"]]["chair"],
                    start,
                    user if state != "open" else SUPERUSER_ID,
                    datetime.combine(done_on, datetime.min.time())
                    if done_on
                    else start,
                )
