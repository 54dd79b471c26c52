"""Forms of the coach's program page; every edit form carries the version it saw."""

from __future__ import annotations

from django import forms

from assessments.core.types import CONTRAINDICATIONS
from programs.models import Side

SIDE_CHOICES = [("", "Both legs together"), *Side.choices]


def _between(low: int, high: int, unit: str) -> dict[str, str]:
    message = f"Between {low} and {high} {unit}."
    return {
        "min_value": message,
        "max_value": message,
        "required": f"How many {unit}?",
        "invalid": message,
    }


class VersionForm(forms.Form):
    """The program version the coach saw when the page was rendered (optimistic locking)."""

    version = forms.IntegerField(min_value=1, widget=forms.HiddenInput)


class DoseForm(VersionForm):
    sets = forms.IntegerField(
        min_value=1,
        max_value=10,
        error_messages=_between(1, 10, "sets"),
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
    )
    reps = forms.IntegerField(
        min_value=1,
        max_value=100,
        error_messages=_between(1, 100, "reps"),
        required=False,
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
    )
    seconds = forms.IntegerField(
        min_value=1,
        max_value=600,
        error_messages=_between(1, 600, "seconds"),
        required=False,
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
        help_text="Hold or work time.",
    )
    tempo = forms.CharField(
        max_length=20, required=False, help_text="For example 3-1-1."
    )
    side = forms.ChoiceField(choices=SIDE_CHOICES, required=False)

    def clean(self) -> dict:
        super().clean()
        cleaned = self.cleaned_data
        if (
            cleaned.get("reps") is None
            and cleaned.get("seconds") is None
            and not self.has_error("reps")
            and not self.has_error("seconds")
        ):
            self.add_error("reps", "Give reps or seconds (or both).")
        return cleaned


class AddDrillForm(VersionForm):
    drill = forms.IntegerField(min_value=1, widget=forms.HiddenInput)
    # Only for a drill the client's contraindications exclude: why add it anyway.
    override_reason = forms.CharField(
        label="Why add it anyway", required=False, max_length=300
    )


class DrillSearchForm(forms.Form):
    q = forms.CharField(
        label="Search the drill library",
        max_length=100,
        required=False,
        widget=forms.TextInput(attrs={"type": "search", "autocomplete": "off"}),
        help_text="Name, ladder, region or purpose, e.g. “ankle” or “step-down”.",
    )


class ClearanceForm(forms.Form):
    """A clinician's clearance after a referral (CLINICAL.md section 8)."""

    cleared_on = forms.DateField(
        label="Cleared on",
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={
            "required": "When did the clinician clear the client?",
            "invalid": "Enter a date such as 2026-12-01.",
        },
    )
    cleared_by = forms.CharField(
        label="Cleared by",
        max_length=200,
        help_text="Name and role, for example “Dr A. Patel, sports physician”.",
        error_messages={"required": "Say who cleared the client."},
    )
    restrictions = forms.MultipleChoiceField(
        label="Restrictions the clinician set",
        choices=list(CONTRAINDICATIONS.items()),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="Added to the client's contraindications; programs leave out drills they exclude.",
    )
    note = forms.CharField(
        label="Note",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class OverrideForm(forms.Form):
    reason = forms.CharField(
        label="Why the referral does not apply",
        min_length=10,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="For example “red flag ticked in error: no swelling on re-check”. Kept in the client's record.",
        error_messages={
            "required": "Write the reason in a sentence.",
            "min_length": "Write the reason in a sentence (at least 10 characters).",
        },
    )
