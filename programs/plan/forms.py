"""The client's forms on the plan: pain today, pain during a drill, the next day, worrying symptoms."""

from __future__ import annotations

from django import forms

PAIN_CHOICES = [(value, str(value)) for value in range(11)]
PAIN_REQUIRED = "Choose a number from 0 (no pain) to 10 (worst pain)."

# The red flags a client can notice at home (CLINICAL.md sections 4 and 8), in their words.
SYMPTOM_CHOICES = [
    ("swelling", "My knee has swollen up"),
    ("giving_way", "My knee gives way"),
    ("locking", "My knee locks or catches and will not straighten"),
    ("night_pain", "Pain at night or while resting"),
    ("numbness", "Numbness or tingling in my leg or foot"),
]


def _note() -> forms.CharField:
    return forms.CharField(
        label="Anything your coach should know? (optional)",
        required=False,
        max_length=500,
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )


def _pain(label: str) -> forms.TypedChoiceField:
    """A tapped number: anything else was not a button of the page, so say what is wanted."""
    return forms.TypedChoiceField(
        label=label,
        choices=PAIN_CHOICES,
        coerce=int,
        widget=forms.RadioSelect,
        error_messages={"required": PAIN_REQUIRED, "invalid_choice": PAIN_REQUIRED},
    )


class PainForm(forms.Form):
    pain = forms.TypedChoiceField(
        label="How much does your knee hurt today?",
        choices=PAIN_CHOICES,
        coerce=int,
        widget=forms.RadioSelect,
        error_messages={"required": PAIN_REQUIRED},
    )
    note = _note()


class DrillPainForm(forms.Form):
    """One tap on a number (a submit button) sends the rating; the note goes with it."""

    pain = _pain("Any pain during this drill?")
    note = _note()


class NextDayPainForm(forms.Form):
    pain = _pain("How does your knee feel today?")
    note = _note()


class SymptomForm(forms.Form):
    symptoms = forms.MultipleChoiceField(
        label="What is happening with your knee?",
        choices=SYMPTOM_CHOICES,
        widget=forms.CheckboxSelectMultiple,
        error_messages={
            "required": "Tick at least one symptom, or ask your coach if you are unsure.",
            "invalid_choice": "Tick symptoms from the list.",
        },
    )
    note = _note()
