"""The one-screen assessment form: its fields and their checks (layout in session_layout.py).

Knee-to-wall distances are typed in the unit the coach picks (cm or inches)
and always cleaned to cm, so the model and the findings core only see cm.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from django import forms
from django.core.validators import MaxValueValidator, MinValueValidator
from django.urls import reverse
from django.utils import timezone

from assessments.core.hip_knee import KUJALA_ITEMS, kujala_total, kujala_unanswered
from assessments.models import (
    BODY_MASS_MAX,
    BODY_MASS_MIN,
    DYNAMOMETER_MAX,
    KTW_CM_MAX,
    KTW_DEG_MAX,
    KUJALA_MAX,
    STANCE_S_MAX,
    AssessmentSession,
)
from assessments.session_layout import (
    FIELD_ORDER,
    KUJALA_ITEM_FIELDS,
    MODEL_FIELDS,
    VALIDATED_ON_BLUR,
)
from clients.models import Client

CM = "cm"
INCHES = "in"
UNIT_CHOICES = ((CM, "cm"), (INCHES, "inches"))
CM_PER_INCH = Decimal("2.54")
KTW_IN_MAX = float(Decimal(KTW_CM_MAX) / CM_PER_INCH)  # about 11.8 in

# --- Fields ---------------------------------------------------------------------


def _decimal_input() -> forms.NumberInput:
    return forms.NumberInput(attrs={"step": "any", "min": "0", "inputmode": "decimal"})


def _whole_input() -> forms.NumberInput:
    return forms.NumberInput(attrs={"step": "1", "min": "0", "inputmode": "numeric"})


def _measure(label: str, high: float, message: str) -> forms.FloatField:
    return forms.FloatField(
        label=label,
        required=False,
        validators=[MinValueValidator(0, message), MaxValueValidator(high, message)],
        error_messages={"invalid": "Enter a number, like 7.5."},
        widget=_decimal_input(),
    )


def _whole(label: str, high: int, message: str) -> forms.IntegerField:
    return forms.IntegerField(
        label=label,
        required=False,
        validators=[MinValueValidator(0, message), MaxValueValidator(high, message)],
        error_messages={"invalid": message},
        widget=_whole_input(),
    )


def _distance(label: str) -> forms.FloatField:
    # The range depends on the unit, so it is checked in clean_<field>.
    return forms.FloatField(
        label=label,
        required=False,
        error_messages={"invalid": "Enter a number, like 7.5."},
        widget=_decimal_input(),
    )


DEG_MESSAGE = f"Tibial angle must be between 0 and {KTW_DEG_MAX} degrees"
STANCE_MESSAGE = f"Single-leg stance must be between 0 and {STANCE_S_MAX} seconds"
GRADE_MESSAGE = "Hip abduction grade must be a whole number from 0 to 5"
DYN_MESSAGE = f"Dynamometer reading must be between 0 and {DYNAMOMETER_MAX}"
PAIN_MESSAGE = "Knee pain must be a whole number from 0 to 10"
BODY_MASS_MESSAGE = f"Body mass must be between {BODY_MASS_MIN} and {BODY_MASS_MAX} kg"
KUJALA_MESSAGE = (
    f"The Anterior Knee Pain Scale total must be a whole number from 0 to {KUJALA_MAX}"
)


def _kujala_item(number: int) -> forms.TypedChoiceField:
    item = KUJALA_ITEMS[number - 1]
    return forms.TypedChoiceField(
        label=f"{item.number}. {item.question}",
        choices=[("", "Not answered")]
        + [(str(points), f"{answer} ({points})") for points, answer in item.answers],
        coerce=int,
        empty_value=None,
        required=False,
        error_messages={"invalid_choice": "Choose one of the answers in the list."},
    )


def ktw_range_message(unit: str) -> str:
    if unit == INCHES:
        return f"Knee-to-wall must be between 0 and {KTW_IN_MAX:.1f} in"
    return f"Knee-to-wall must be between 0 and {KTW_CM_MAX} cm"


def inches_to_cm(value: float) -> float:
    # Decimal keeps 3 in at exactly 7.62 cm instead of 7.620000000000001.
    return float(Decimal(repr(value)) * CM_PER_INCH)


def cm_to_inches(value: float) -> float:
    return float(Decimal(repr(float(value))) / CM_PER_INCH)


class SessionForm(forms.ModelForm):
    field_order = FIELD_ORDER

    unit = forms.ChoiceField(
        label="Distance unit",
        choices=UNIT_CHOICES,
        initial=CM,
        widget=forms.RadioSelect,
        help_text="Knee-to-wall distances are read in this unit and stored in cm.",
    )
    ktw_left_cm = _distance("Left knee-to-wall")
    ktw_right_cm = _distance("Right knee-to-wall")
    ktw_left_deg = _measure("Left tibial angle", KTW_DEG_MAX, DEG_MESSAGE)
    ktw_right_deg = _measure("Right tibial angle", KTW_DEG_MAX, DEG_MESSAGE)
    stance_left_s = _measure("Left single-leg stance", STANCE_S_MAX, STANCE_MESSAGE)
    stance_right_s = _measure("Right single-leg stance", STANCE_S_MAX, STANCE_MESSAGE)
    abduction_mmt_left = _whole("Left hip abduction grade", 5, GRADE_MESSAGE)
    abduction_mmt_right = _whole("Right hip abduction grade", 5, GRADE_MESSAGE)
    abduction_dyn_left = _measure(
        "Left hip abduction dynamometer", DYNAMOMETER_MAX, DYN_MESSAGE
    )
    abduction_dyn_right = _measure(
        "Right hip abduction dynamometer", DYNAMOMETER_MAX, DYN_MESSAGE
    )
    abduction_dyn_unit = forms.ChoiceField(
        label="Dynamometer unit",
        choices=AssessmentSession.DynamometerUnit.choices,
        required=False,
        widget=forms.RadioSelect,
        help_text="Readings taken in different units are never compared.",
        error_messages={"invalid_choice": "Choose N or kg."},
    )
    body_mass_kg = forms.FloatField(
        label="Body mass (optional)",
        required=False,
        validators=[
            MinValueValidator(BODY_MASS_MIN, BODY_MASS_MESSAGE),
            MaxValueValidator(BODY_MASS_MAX, BODY_MASS_MESSAGE),
        ],
        error_messages={"invalid": "Enter a number, like 72.5."},
        widget=_decimal_input(),
        help_text="With dynamometer readings, strength per kg of body mass is shown.",
    )
    knee_pain_nrs = _whole("Knee pain (0-10)", 10, PAIN_MESSAGE)
    kujala_score = _whole("Total score", KUJALA_MAX, KUJALA_MESSAGE)
    red_flags = forms.MultipleChoiceField(
        label="Red flags",
        choices=AssessmentSession.RedFlag.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="Any of these: refer to a clinician before programming.",
    )

    class Meta:
        model = AssessmentSession
        fields = MODEL_FIELDS
        labels = {
            "assessed_on": "Date",
            "ktw_method": "Method",
            "ktw_footwear": "Footwear",
            "heels_rise": "Heels come off the floor",
            "forward_lean": "Chest drops / forward lean",
            "feet_turn_out": "Feet turn out",
            "low_back_arch": "Low back arches",
            "anterior_knee_pain": "Pressure or pinch at the front of the knee",
            "knees_cave_left": "Left knee caves in",
            "knees_cave_right": "Right knee caves in",
            "arch_collapse_left": "Left arch collapses",
            "arch_collapse_right": "Right arch collapses",
            "step_down_valgus_left": "Left knee dives in on step-down",
            "step_down_valgus_right": "Right knee dives in on step-down",
            "quad_dominant": "Feels quads more than glutes",
            "glute_notes": "Glute strength notes",
            "notes": "Notes",
        }
        widgets = {
            "assessed_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "ktw_method": forms.RadioSelect,
            "ktw_footwear": forms.RadioSelect,
            "glute_notes": forms.Textarea(attrs={"rows": 2}),
            "notes": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args: Any, client: Client, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.client = client
        if not self.is_bound and self.instance.ktw_unit == INCHES:
            # Shown again in the unit the coach typed them in.
            self.initial["unit"] = INCHES
            for name in ("ktw_left_cm", "ktw_right_cm"):
                if self.initial.get(name) is not None:
                    self.initial[name] = cm_to_inches(self.initial[name])
        for item, name in zip(KUJALA_ITEMS, KUJALA_ITEM_FIELDS, strict=True):
            self.fields[name] = _kujala_item(item.number)
        validate_url = reverse("assessments:field-validate", args=[client.pk])
        for name in VALIDATED_ON_BLUR:
            self.fields[name].widget.attrs.update(
                {
                    "hx-post": f"{validate_url}?field={name}",
                    "hx-trigger": "change",
                    "hx-target": f"#field-{name}",
                    "hx-swap": "outerHTML",
                    "hx-include": "[name='unit']",
                    # The latest check of a field wins; an older one is aborted.
                    "hx-sync": "this:replace",
                }
            )

    @property
    def unit_value(self) -> str:
        """The unit the distances on screen are in (what was posted, else cm)."""
        if self.is_bound:
            posted = self.data.get(self.add_prefix("unit"))
            if posted in (CM, INCHES):
                return posted
        return self.initial.get("unit", CM)

    def clean_assessed_on(self) -> date:
        assessed_on = self.cleaned_data["assessed_on"]
        if assessed_on and assessed_on > timezone.localdate():
            raise forms.ValidationError("The date cannot be in the future.")
        return assessed_on

    def _clean_distance(self, name: str) -> float | None:
        value = self.cleaned_data.get(name)
        if value is None:
            return None
        unit = self.cleaned_data.get("unit") or CM
        cm = inches_to_cm(value) if unit == INCHES else value
        if value < 0 or cm > KTW_CM_MAX:
            raise forms.ValidationError(ktw_range_message(unit))
        return cm

    def clean_unit(self) -> str:
        unit = self.cleaned_data["unit"]
        self.instance.ktw_unit = unit  # not a model field of the form: kept by hand
        return unit

    def clean_ktw_left_cm(self) -> float | None:
        return self._clean_distance("ktw_left_cm")

    def clean_ktw_right_cm(self) -> float | None:
        return self._clean_distance("ktw_right_cm")

    def clean(self) -> dict[str, object]:
        super().clean()
        cleaned = self.cleaned_data
        answers = [cleaned.get(name) for name in KUJALA_ITEM_FIELDS]
        if all(value is None for value in answers):
            return cleaned
        total = kujala_total(answers)
        if total is None:
            missing = kujala_unanswered(answers)
            self.add_error(
                "kujala_score",
                f"Question{'s' if len(missing) > 1 else ''} "
                f"{', '.join(str(n) for n in missing)} not answered: answer all 13, "
                "or leave them all empty and type the total.",
            )
            return cleaned
        typed = cleaned.get("kujala_score")
        if typed is not None and typed != total:
            self.add_error(
                "kujala_score",
                f"The total typed ({typed}) is not the sum of the answers ({total}): "
                "clear the total or correct the answers.",
            )
            return cleaned
        cleaned["kujala_score"] = total
        return cleaned

    def validate_constraints(self) -> None:
        # The form's own fields enforce every range the check constraints hold,
        # and session_save runs full_clean before writing; checking each
        # constraint here would cost one query per constraint on every
        # keystroke preview.
        return None


class AmendForm(SessionForm):
    reason = forms.CharField(
        label="Reason for the correction",
        max_length=300,
        help_text="Shown on both versions, with your name and the time.",
    )

    field_order = [*FIELD_ORDER, "reason"]


def session_initial(*, previous: AssessmentSession | None) -> dict[str, object]:
    """Defaults for a new session: today, and the last session's test set-up."""
    initial: dict[str, object] = {"assessed_on": timezone.localdate(), "unit": CM}
    if previous is not None:
        initial["ktw_method"] = previous.ktw_method
        initial["ktw_footwear"] = previous.ktw_footwear
        # The same dynamometer unit again, so re-test readings can be compared.
        if previous.abduction_dyn_unit:
            initial["abduction_dyn_unit"] = previous.abduction_dyn_unit
    return initial
