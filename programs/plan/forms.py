"""The client's forms on the plan: pain today, pain during a drill, the next day, worrying symptoms."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from django import forms

from programs.pain import day_words

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


# A mark made offline reaches the server later: it is for the day it was made, up to a week back.
LATE_DAYS = 7
DAY_FORMAT = "%Y-%m-%d"


def mark_day_problem(*, day: date, today: date, started_on: date | None) -> str:
    """Why a mark cannot be for `day`, in the client's words ("" when it can)."""
    if day > today:
        return f"{day_words(day)} has not come yet: you can mark today or the last {LATE_DAYS} days."
    if day < today - timedelta(days=LATE_DAYS):
        return (
            f"{day_words(day)} is more than {LATE_DAYS} days ago, so it was not saved. "
            "Tell your coach if you did the drills then."
        )
    if started_on is not None and day < started_on:
        return f"Your plan started on {day_words(started_on)}, so nothing can be marked for {day_words(day)}."
    return ""


class MarkDayForm(forms.Form):
    """The day a mark is for (today unless sent later from the phone) and, optionally,
    the state wanted: "1" done, "0" not done; without it a tap flips the drill."""

    day = forms.DateField(
        required=False,
        input_formats=[DAY_FORMAT],
        error_messages={
            "invalid": "The day of this mark is not a date, so it was not saved. Reload the page and try again."
        },
    )
    done = forms.TypedChoiceField(
        required=False,
        choices=[("1", "done"), ("0", "not done")],
        coerce=lambda value: value == "1",
        empty_value=None,
        error_messages={"invalid_choice": "Tap Mark done or Undo on the drill."},
    )

    def __init__(
        self, *args: Any, today: date, started_on: date | None, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.today = today
        self.started_on = started_on

    def clean_day(self) -> date:
        day = self.cleaned_data.get("day") or self.today
        problem = mark_day_problem(
            day=day, today=self.today, started_on=self.started_on
        )
        if problem:
            raise forms.ValidationError(problem, code="day")
        return day

    @property
    def problem(self) -> str:
        """The first field message, for a card or a flash message."""
        for errors in self.errors.values():
            return str(errors[0])
        return ""
