"""The client's pain form: a 0-10 rating with an optional note."""

from __future__ import annotations

from django import forms

PAIN_CHOICES = [(value, str(value)) for value in range(11)]


class PainForm(forms.Form):
    pain = forms.TypedChoiceField(
        label="How much does your knee hurt today?",
        choices=PAIN_CHOICES,
        coerce=int,
        widget=forms.RadioSelect,
        error_messages={
            "required": "Choose a number from 0 (no pain) to 10 (worst pain)."
        },
    )
    note = forms.CharField(
        label="Anything your coach should know? (optional)",
        required=False,
        max_length=500,
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )
