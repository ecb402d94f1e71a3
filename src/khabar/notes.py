"""The one-sentence neutral `notes` summary of an event: who, what, where, when, and who claims which figures.

Every figure is attributed to its claimant; nothing is stated as fact that the report gives as a claim.
"""

from __future__ import annotations

from .records import Event

_VERB = {
    "Armed clash": "clashed with",
    "Government regains territory": "regained territory from",
    "Non-state actor overtakes territory": "took control of territory from",
    "Air/drone strike": "carried out an air/drone strike on",
    "Shelling/artillery/missile attack": "shelled",
    "Remote explosive/landmine/IED": "attacked with an explosive device",
    "Suicide bomb": "carried out a suicide bombing against",
    "Grenade": "attacked with a grenade",
    "Attack": "attacked",
    "Abduction/forced disappearance": "abducted or detained",
    "Arrests": "arrested",
    "Looting/property destruction": "destroyed or looted property of",
    "Peaceful protest": "protested",
    "Violent demonstration": "rioted",
}
_KIND_WORD = {
    "killed": "killed",
    "injured": "injured",
    "captured": "captured",
    "detained": "detained",
    "missing": "missing",
    "seized": "seized",
    "vehicles_destroyed": "destroyed",
}


def summarise(event: Event) -> str:
    a1 = event.actor1.actor.name if event.actor1 else "Unidentified actors"
    verb = _VERB.get(event.sub_event_type, "were involved in an event with")
    target = event.actor2.actor.name if event.actor2 else None
    if verb.startswith("attacked with") or verb in {"protested", "rioted"}:
        what = f"{verb}" + (f" ({target})" if target else "")
    else:
        what = (
            f"{verb} {target}"
            if target
            else verb.split(" ")[0]
            if verb.endswith(("with", "from", "of", "on", "against"))
            else verb
        )
    loc = event.location
    where = ""
    if loc.name:
        where = f" {'near' if loc.geo_precision == 2 else 'in'} {loc.name}"
        if loc.within:
            where += f" ({loc.within})"
    elif loc.admin2 or loc.admin1:
        where = f" in {loc.admin2 or loc.admin1}"
    when = ""
    if event.time.date:
        when = (
            f" on {event.time.date.isoformat()}"
            if event.time.time_precision == 1
            else (
                f" between {event.time.date.isoformat()} and {event.time.date_end.isoformat()}"
                if event.time.date_end
                else ""
            )
        )
    elif event.time.expression:
        when = f" ({event.time.expression}, date unknown)"
    figures = []
    for c in event.claims:
        if c.value_low is None or c.kind not in _KIND_WORD:
            continue
        qty = {"more_than": "more than ", "at_least": "at least ", "about": "about "}.get(
            c.qualifier or "", ""
        )
        number = f"{qty}{c.value_low}" if not c.vague else (c.qualifier or "").replace("_", " ")
        figures.append(f"{c.claimant} says {number} {c.subject} {_KIND_WORD[c.kind]}".replace("  ", " "))
    text = f"{a1} {what}{where}{when}."
    if figures:
        text = text[:-1] + "; " + "; ".join(figures[:4]) + "."
    if event.contested:
        text += " Figures are contested."
    return text
