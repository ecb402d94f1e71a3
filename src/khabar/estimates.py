"""Low / best / high estimates from an event's claims, and the contradictions between claimants (codebook
"Estimates"): contradictions are surfaced side by side, never averaged away."""

from __future__ import annotations

from collections import defaultdict

from .records import CLAIMANT_ROLES, Claim, Estimate, Event

PEOPLE_KINDS = ("killed", "injured", "captured", "detained", "missing")
OBJECT_KINDS = ("seized", "vehicles_destroyed")
_ROLE_RANK = {role: i for i, role in enumerate(CLAIMANT_ROLES)}  # official first, party last


def group_key(claim: Claim) -> str:
    """Claims about the same people or things: the side for people, the thing's noun for objects."""
    if claim.kind in OBJECT_KINDS:
        words = claim.subject.lower().split()
        head = words[-1] if words else ""
        return head[:-1] if head.endswith("s") and not head.endswith("ss") else head
    return claim.subject_group


def estimate(claims: list[Claim]) -> Estimate:
    """The codebook's rule over claims about one group (one kind, one subject). Claims of one person told
    without a number (Claim.counted False) count only when no claim of the group gives a number."""
    numeric = [c for c in claims if c.value_low is not None]
    counted = [c for c in numeric if c.counted]
    if counted:
        numeric = counted  # one person told without a number is one of the people a number counts
    if not numeric:
        return Estimate()
    exact = [c for c in numeric if not c.vague]
    low = min((c.value_low for c in exact), default=0)  # type: ignore[type-var]
    best = 0
    if exact:
        chosen = min(exact, key=lambda c: (_ROLE_RANK.get(c.claimant_role, len(_ROLE_RANK)), c.value_low))
        best = chosen.value_low or 0
    high = max((c.value_high if c.value_high is not None else c.value_low) for c in numeric)  # type: ignore[type-var]
    return Estimate(low=low or 0, best=best, high=max(high or 0, best))


def contradictions(claims: list[Claim]) -> list[str]:
    """One line per group where two claimants give different numbers, e.g. 'killed (actor2): 4 per local
    sources (local) vs 5 per BLA (party)'. A claim of one person told without a number disagrees with nobody."""
    lines = []
    by_group: dict[tuple[str, str], list[Claim]] = defaultdict(list)
    for c in claims:
        if c.kind in PEOPLE_KINDS + OBJECT_KINDS and c.value_low is not None and not c.vague and c.counted:
            by_group[(c.kind, group_key(c))].append(c)
    for (kind, group), cs in by_group.items():
        values = {(c.value_low, c.value_high) for c in cs}
        claimants = {c.claimant.lower() for c in cs}
        if len(values) > 1 and len(claimants) > 1:
            parts = []
            seen = set()
            for c in cs:
                key = (c.claimant.lower(), c.value_low, c.value_high)
                if key in seen:
                    continue
                seen.add(key)
                parts.append(f"{_fmt(c)} per {c.claimant} ({c.claimant_role})")
            lines.append(f"{kind} ({cs[0].subject or group}): " + " vs ".join(parts))
    return lines


def _fmt(c: Claim) -> str:
    if c.value_high is None:
        return f"{c.value_low}+"
    if c.value_high != c.value_low:
        return f"{c.value_low}-{c.value_high}"
    return str(c.value_low)


def drop_unsided_repeats(groups: dict[str, list[Claim]], unknown: str = "unknown") -> dict[str, list[Claim]]:
    """groups without the claims of the `unknown` group that count as many as a claim of another group: "43
    Houthi rebels were killed ... the strikes killed 43" tells the same 43 people twice, once without their
    side, and summing the groups would count them twice. The claims themselves stay on the event."""
    if unknown not in groups:
        return groups
    known = {c.value_low for key, cs in groups.items() if key != unknown for c in cs}
    out = {key: cs for key, cs in groups.items() if key != unknown}
    rest = [c for c in groups[unknown] if c.value_low not in known]
    if rest:
        out[unknown] = rest
    return out


def total_estimate(claims: list[Claim]) -> Estimate:
    """The estimate of claims of one kind: estimate() per group (group_key), summed; for people, the unsided
    repeats of a known group's count left out (drop_unsided_repeats)."""
    groups: dict[str, list[Claim]] = defaultdict(list)
    for c in claims:
        groups[group_key(c)].append(c)
    if claims and claims[0].kind in PEOPLE_KINDS:
        groups = drop_unsided_repeats(groups)
    total = Estimate()
    for cs in groups.values():
        e = estimate(cs)
        total.low += e.low
        total.best += e.best
        total.high += e.high
    return total


def apply_estimates(event: Event) -> None:
    """Fill event.estimates (per kind: total_estimate), event.fatalities and contested/contradictions."""
    by_kind: dict[str, list[Claim]] = defaultdict(list)
    for c in event.claims:
        if c.kind in PEOPLE_KINDS + OBJECT_KINDS and c.stance != "denies":
            by_kind[c.kind].append(c)
    event.estimates = {kind: total_estimate(claims) for kind, claims in by_kind.items()}
    event.fatalities = event.estimates.get("killed", Estimate())
    event.contradictions = contradictions(event.claims)
    event.contested = bool(event.contradictions)
