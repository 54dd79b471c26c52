"""Hip and knee specifics the app adds beside the findings engine (CLINICAL.md section 12).

Pure (no Django, no app imports): the Anterior Knee Pain Scale (Kujala) and its
change, hip abduction strength per kg of body mass, and whether two dynamometer
readings may be compared at all.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

# --- Anterior Knee Pain Scale (Kujala), 0-100 -----------------------------------

KUJALA_MAX = 100
# A change of this many points or more is meaningful (Crossley KM et al.,
# Arch Phys Med Rehabil 2004;85:815-822).
KUJALA_MEANINGFUL_CHANGE = 10
KUJALA_SOURCE = "crossley-2004"
KUJALA_SOURCE_SHORT = "Crossley et al. 2004"
KUJALA_SOURCE_TITLE = (
    "Crossley et al. 2004, Arch Phys Med Rehabil 85:815-822: "
    "a change of 10 points or more on the Anterior Knee Pain Scale is meaningful"
)


@dataclass(frozen=True, slots=True)
class KujalaItem:
    number: int
    question: str
    answers: tuple[tuple[int, str], ...]  # (points, answer), best first

    @property
    def most(self) -> int:
        return self.answers[0][0]


# The 13 items and their points as Kujala et al. published them (Arthroscopy
# 1993;9:159-163), checked against the table reproduced in J Orthop
# 2023;42:54-62 (PMC10362729). The best answers add up to 100.
KUJALA_ITEMS: tuple[KujalaItem, ...] = (
    KujalaItem(1, "Limp", ((5, "None"), (3, "Slight or periodical"), (0, "Constant"))),
    KujalaItem(
        2,
        "Support (weight bearing)",
        (
            (5, "Full support without pain"),
            (3, "Painful"),
            (0, "Weight bearing impossible"),
        ),
    ),
    KujalaItem(
        3,
        "Walking",
        ((5, "Unlimited"), (3, "More than 2 km"), (2, "1-2 km"), (0, "Unable")),
    ),
    KujalaItem(
        4,
        "Stairs",
        (
            (10, "No difficulty"),
            (8, "Slight pain when descending"),
            (5, "Pain both when descending and ascending"),
            (0, "Unable"),
        ),
    ),
    KujalaItem(
        5,
        "Squatting",
        (
            (5, "No difficulty"),
            (4, "Repeated squatting painful"),
            (3, "Painful each time"),
            (2, "Possible with partial weight bearing"),
            (0, "Unable"),
        ),
    ),
    KujalaItem(
        6,
        "Running",
        (
            (10, "No difficulty"),
            (8, "Pain after more than 2 km"),
            (6, "Slight pain from start"),
            (3, "Severe pain"),
            (0, "Unable"),
        ),
    ),
    KujalaItem(
        7,
        "Jumping",
        (
            (10, "No difficulty"),
            (7, "Slight difficulty"),
            (2, "Constant pain"),
            (0, "Unable"),
        ),
    ),
    KujalaItem(
        8,
        "Prolonged sitting with the knees bent",
        (
            (10, "No difficulty"),
            (8, "Pain after exercise"),
            (6, "Constant pain"),
            (4, "Pain forces to straighten the knees for a while"),
            (0, "Unable"),
        ),
    ),
    KujalaItem(
        9,
        "Pain",
        (
            (10, "None"),
            (8, "Slight and occasional"),
            (6, "Interferes with sleep"),
            (3, "Occasionally severe"),
            (0, "Constant and severe"),
        ),
    ),
    KujalaItem(
        10,
        "Swelling",
        (
            (10, "None"),
            (8, "After severe exertion"),
            (6, "After daily activities"),
            (4, "Every evening"),
            (0, "Constant"),
        ),
    ),
    KujalaItem(
        11,
        "Abnormal painful kneecap movements (subluxations)",
        (
            (10, "None"),
            (6, "Occasionally in sports activities"),
            (4, "Occasionally in daily activities"),
            (2, "At least one documented dislocation"),
            (0, "More than 2 dislocations"),
        ),
    ),
    KujalaItem(
        12,
        "Thigh muscle wasting (atrophy)",
        ((5, "None"), (3, "Slight"), (0, "Severe")),
    ),
    KujalaItem(
        13,
        "Loss of knee bending (flexion deficiency)",
        ((5, "None"), (3, "Slight"), (0, "Severe")),
    ),
)


def kujala_total(points: Sequence[int | None]) -> int | None:
    """The total of 13 answered items, or None while any is unanswered."""
    if len(points) != len(KUJALA_ITEMS) or any(value is None for value in points):
        return None
    return sum(value for value in points if value is not None)


def kujala_unanswered(points: Sequence[int | None]) -> list[int]:
    """The numbers of the items left unanswered."""
    return [
        item.number
        for item, value in zip(KUJALA_ITEMS, points, strict=True)
        if value is None
    ]


@dataclass(frozen=True, slots=True)
class KujalaChange:
    before: int
    after: int
    delta: int
    verdict: (
        str  # "improved" | "worse" | "within_error" (the change table's verdict words)
    )

    @property
    def meaningful(self) -> bool:
        return self.verdict != "within_error"


def kujala_change(*, before: int, after: int) -> KujalaChange:
    """Higher is better; a change counts only at 10 points or more (crossley-2004)."""
    delta = after - before
    if delta >= KUJALA_MEANINGFUL_CHANGE:
        verdict = "improved"
    elif -delta >= KUJALA_MEANINGFUL_CHANGE:
        verdict = "worse"
    else:
        verdict = "within_error"
    return KujalaChange(before, after, delta, verdict)


# --- Hand-held dynamometer ----------------------------------------------------------

DYNAMOMETER_UNITS = ("N", "kg")


def strength_per_kg(*, value: float | None, body_mass_kg: float | None) -> float | None:
    """A reading divided by body mass (N/kg or kg/kg), or None when either is missing."""
    if value is None or body_mass_kg is None or body_mass_kg <= 0:
        return None
    return value / body_mass_kg


def dynamometer_not_comparable(*, before_unit: str, after_unit: str) -> str:
    """Why two readings cannot be compared ("" when they can): values in different units never are."""
    if before_unit and after_unit and before_unit != after_unit:
        return (
            f"Not comparable: different units ({before_unit} before, {after_unit} now)."
        )
    if not before_unit or not after_unit:
        return "Not comparable: the unit of a reading was not recorded."
    return ""
