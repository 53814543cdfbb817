"""The risk facts as stored, and as counted again from the situations: the
risk-fact tests and the process walk compare them."""

from collections import Counter


def recount_risk_facts(env):
    """focus.risk.fact counted the slow way, through the ORM."""
    situations = (
        env["focus.situation"]
        .sudo()
        .with_context(active_test=False)
        .search([("state", "!=", "draft"), ("date_presented", "!=", False)])
    )
    counts, mentions = Counter(), Counter()
    for situation in situations:
        seen = set()
        for factor in situation.risk_factor_ids:
            key = (
                situation.table_id.id,
                situation.date_presented.replace(day=1),
                factor.category_id.id,
                situation.state,
                bool(factor.is_protective or factor.category_id.is_protective),
            )
            mentions[key] += 1
            if key not in seen:
                seen.add(key)
                counts[key] += 1
    return counts, mentions


def stored_risk_facts(env):
    counts, mentions = Counter(), Counter()
    for fact in env["focus.risk.fact"].sudo().search([]):
        key = (
            fact.table_id.id,
            fact.date_month,
            fact.risk_category_id.id,
            fact.state,
            fact.is_protective,
        )
        assert key not in counts, f"two risk facts for one grain {key}"
        counts[key] = fact.situation_count
        mentions[key] = fact.mention_count
    return counts, mentions
