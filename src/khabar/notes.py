"""The one-sentence neutral `notes` summary of an event: who, what, where, when, and who claims which figures.

Every figure is attributed to its claimant; nothing is stated as fact that the report gives as a claim.
"""

from __future__ import annotations

from .records import Event

# sub_event_type -> (what actor1 did to actor2: "{target}" stands for actor2, and what it did with no actor2)
_VERB = {
    "Armed clash": ("clashed with {target}", "took part in an armed clash"),
    "Government regains territory": ("regained territory from {target}", "regained territory"),
    "Non-state actor overtakes territory": (
        "took control of territory from {target}",
        "took control of territory",
    ),
    "Air/drone strike": ("carried out an air/drone strike on {target}", "carried out an air/drone strike"),
    "Shelling/artillery/missile attack": ("shelled {target}", "carried out shelling"),
    "Remote explosive/landmine/IED": (
        "attacked {target} with an explosive device",
        "set off an explosive device",
    ),
    "Suicide bomb": ("carried out a suicide bombing against {target}", "carried out a suicide bombing"),
    "Grenade": ("attacked {target} with a grenade", "threw a grenade"),
    "Attack": ("attacked {target}", "carried out an attack"),
    "Abduction/forced disappearance": ("abducted or detained {target}", "abducted or detained people"),
    "Arrests": ("arrested {target}", "made arrests"),
    "Looting/property destruction": (
        "destroyed or looted property of {target}",
        "destroyed or looted property",
    ),
    "Peaceful protest": ("protested", "protested"),
    "Violent demonstration": ("rioted", "rioted"),
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
    with_target, alone = _VERB.get(
        event.sub_event_type, ("were involved in an event with {target}", "were involved in an event")
    )
    target = event.actor2.actor.name if event.actor2 else None
    what = with_target.format(target=target) if target else alone
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
        figures.append(f"{number} {c.subject} {_KIND_WORD[c.kind]} (per {c.claimant})".replace("  ", " "))
    text = f"{a1} {what}{where}{when}."
    if figures:
        text = text[:-1] + "; " + "; ".join(figures[:4]) + "."
    if event.contested:
        text += " Figures are contested."
    return text
