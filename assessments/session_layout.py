"""The session form's layout: sections in test order, left and right in pairs, and its views.

What the entry form and the read-only session page draw, in one place; the
form's fields and their checks live in assessments/forms.py.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from django import forms

from assessments.core.hip_knee import KUJALA_ITEMS
from assessments.core.wording import SESSION_FIELD_UNITS

if TYPE_CHECKING:
    from assessments.forms import SessionForm

KTW_DISTANCE_FIELDS = ("ktw_left_cm", "ktw_right_cm")
DYNAMOMETER_FIELDS = ("abduction_dyn_left", "abduction_dyn_right")


# --- Layout: the order the tests are done in ------------------------------------


@dataclass(frozen=True, slots=True)
class Single:
    name: str


@dataclass(frozen=True, slots=True)
class Pair:
    """One measurement taken on both sides: left field, then right field."""

    title: str
    left: str
    right: str


@dataclass(frozen=True, slots=True)
class Group:
    """Optional fields shown folded away under a title (they are not stored)."""

    title: str
    names: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Section:
    key: str
    title: str
    rows: tuple[Single | Pair | Group, ...]


KUJALA_ITEM_FIELDS = tuple(f"kujala_item_{item.number}" for item in KUJALA_ITEMS)

LAYOUT: tuple[Section, ...] = (
    Section("date", "Session", (Single("assessed_on"),)),
    Section(
        "ktw",
        "Knee-to-wall (ankle dorsiflexion)",
        (
            Single("ktw_method"),
            Single("ktw_footwear"),
            Single("unit"),
            Pair("Knee-to-wall distance", "ktw_left_cm", "ktw_right_cm"),
            Pair("Tibial angle (optional)", "ktw_left_deg", "ktw_right_deg"),
        ),
    ),
    Section(
        "squat",
        "Squat",
        (
            Single("heels_rise"),
            Single("forward_lean"),
            Single("feet_turn_out"),
            Single("low_back_arch"),
            Single("anterior_knee_pain"),
            Pair("Knee caves in", "knees_cave_left", "knees_cave_right"),
            Pair("Arch collapses", "arch_collapse_left", "arch_collapse_right"),
        ),
    ),
    Section(
        "hip",
        "Hip control and glute strength",
        (
            Pair("Single-leg stance", "stance_left_s", "stance_right_s"),
            Pair(
                "Knee dives in on step-down",
                "step_down_valgus_left",
                "step_down_valgus_right",
            ),
            Pair("Hip abduction grade", "abduction_mmt_left", "abduction_mmt_right"),
            Single("abduction_dyn_unit"),
            Pair(
                "Hip abduction dynamometer (optional)",
                "abduction_dyn_left",
                "abduction_dyn_right",
            ),
            Single("body_mass_kg"),
            Single("quad_dominant"),
            Single("glute_notes"),
        ),
    ),
    Section(
        "pain",
        "Pain and red flags",
        (Single("knee_pain_nrs"), Single("red_flags")),
    ),
    Section(
        "kujala",
        "Anterior Knee Pain Scale (Kujala), optional",
        (
            Single("kujala_score"),
            Group("Fill in the 13 questions instead", KUJALA_ITEM_FIELDS),
        ),
    ),
    Section("notes", "Notes", (Single("notes"),)),
)


def _names(sections: tuple[Section, ...]) -> list[str]:
    names: list[str] = []
    for section in sections:
        for row in section.rows:
            if isinstance(row, Pair):
                names.extend((row.left, row.right))
            elif isinstance(row, Group):
                names.extend(row.names)
            else:
                names.append(row.name)
    return names


FIELD_ORDER = _names(LAYOUT)
# Form-only fields: the distance unit and the questionnaire's items (only its total is kept).
MODEL_FIELDS = [
    name for name in FIELD_ORDER if name != "unit" and name not in KUJALA_ITEM_FIELDS
]

# Fields checked on blur: the ones a coach can mistype.
VALIDATED_ON_BLUR = (
    "assessed_on",
    "ktw_left_cm",
    "ktw_right_cm",
    "ktw_left_deg",
    "ktw_right_deg",
    "stance_left_s",
    "stance_right_s",
    "abduction_mmt_left",
    "abduction_mmt_right",
    "abduction_dyn_left",
    "abduction_dyn_right",
    "body_mass_kg",
    "knee_pain_nrs",
    "kujala_score",
)


# --- Views of the layout ------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class FieldView:
    """One field as the template draws it."""

    field: forms.BoundField
    side: str = ""  # "Left" / "Right" for a paired field
    rest: str = ""  # the label without the side word, for screen readers
    suffix: str = ""
    unit_suffix: bool = False  # the suffix follows the distance unit
    dyn_suffix: bool = False  # the suffix follows the dynamometer unit

    @property
    def kind(self) -> str:
        return self.field.widget_type


@dataclass(frozen=True, slots=True)
class PairView:
    title: str
    left: FieldView
    right: FieldView
    is_pair: bool = True


@dataclass(frozen=True, slots=True)
class GroupView:
    title: str
    fields: tuple[FieldView, ...]
    is_group: bool = True

    @property
    def open(self) -> bool:
        """Unfolded when it holds answers or messages, so nothing typed is hidden."""
        return any(
            fv.field.errors or fv.field.value() not in (None, "") for fv in self.fields
        )


@dataclass(frozen=True, slots=True)
class SectionView:
    key: str
    title: str
    rows: tuple[FieldView | PairView | GroupView, ...]


def field_view(form: SessionForm, name: str) -> FieldView:
    bound = form[name]
    side = ""
    rest = ""
    for section in LAYOUT:
        for row in section.rows:
            if isinstance(row, Pair) and name in (row.left, row.right):
                side = "Left" if name == row.left else "Right"
                rest = str(bound.label)[len(side) + 1 :]
    if name in KTW_DISTANCE_FIELDS:
        return FieldView(bound, side, rest, form.unit_value, unit_suffix=True)
    if name in DYNAMOMETER_FIELDS:
        unit = form["abduction_dyn_unit"].value() or ""
        return FieldView(bound, side, rest, unit, dyn_suffix=True)
    return FieldView(bound, side, rest, SESSION_FIELD_UNITS.get(name, ""))


def form_sections(form: SessionForm) -> list[SectionView]:
    sections: list[SectionView] = []
    for section in LAYOUT:
        rows: list[FieldView | PairView | GroupView] = []
        for row in section.rows:
            if isinstance(row, Group):
                rows.append(
                    GroupView(
                        row.title, tuple(field_view(form, name) for name in row.names)
                    )
                )
            elif isinstance(row, Pair):
                rows.append(
                    PairView(
                        row.title,
                        field_view(form, row.left),
                        field_view(form, row.right),
                    )
                )
            else:
                rows.append(field_view(form, row.name))
        sections.append(SectionView(section.key, section.title, tuple(rows)))
    return sections
