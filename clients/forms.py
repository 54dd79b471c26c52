"""Forms for the coach's client list: the profile form and the list search."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any, cast

from django import forms
from django.utils import timezone

from clients.models import Client
from clients.schedule import DEFAULT_TRAINING_DAYS, NO_DAYS_MESSAGE, WEEKDAY_CHOICES


class ClientForm(forms.ModelForm):
    """A client's profile. The coach comes from the signed-in user, never from the form.

    The contraindication vocabulary belongs to the findings core (CLINICAL.md section 9),
    which clients may not import: the view passes its (code, words) pairs in.
    """

    contraindication_codes = forms.MultipleChoiceField(
        label="Must avoid",
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="Programs leave out every drill these exclude; a coach may still add one with a written reason.",
    )

    training_days = forms.TypedMultipleChoiceField(
        label="Training days",
        coerce=int,
        choices=WEEKDAY_CHOICES,
        initial=list(DEFAULT_TRAINING_DAYS),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": NO_DAYS_MESSAGE},
        help_text="The days the client's phone shows as training days; the other days are rest days. Three days (Monday, Wednesday, Friday) is the project default.",
    )

    def clean_training_days(self) -> list[int]:
        return sorted(set(self.cleaned_data.get("training_days") or ()))

    def __init__(
        self,
        *args: Any,
        code_choices: Sequence[tuple[str, str]] = (),
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        cast(
            forms.MultipleChoiceField, self.fields["contraindication_codes"]
        ).choices = list(code_choices)

    class Meta:
        model = Client
        fields = [
            "name",
            "date_of_birth",
            "sex",
            "activity",
            "email",
            "phone",
            "goals",
            "injury_history",
            "contraindication_codes",
            "contraindications",
            "reassess_every_weeks",
            "training_days",
        ]
        widgets = {
            "date_of_birth": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "goals": forms.Textarea(attrs={"rows": 3}),
            "injury_history": forms.Textarea(attrs={"rows": 3}),
            "contraindications": forms.Textarea(attrs={"rows": 3}),
            "reassess_every_weeks": forms.NumberInput(attrs={"min": 1, "max": 26}),
            "email": forms.EmailInput(attrs={"autocomplete": "off"}),
            "phone": forms.TextInput(attrs={"type": "tel", "autocomplete": "off"}),
        }
        labels = {
            "reassess_every_weeks": "Re-assess every (weeks)",
            "contraindications": "Other things to avoid (in your words)",
            "email": "Email (optional)",
            "phone": "Phone number (optional)",
        }
        error_messages = {
            "email": {"invalid": "Enter an email address like name@example.com."},
        }
        help_texts = {
            "reassess_every_weeks": "1 to 26 weeks; 4 is the project default.",
            "activity": "For example running, rugby, hill walking.",
        }

    def clean_name(self) -> str:
        name = self.cleaned_data["name"].strip()
        if not name:
            raise forms.ValidationError("Enter the client's name.")
        return name

    def clean_date_of_birth(self) -> date | None:
        born = self.cleaned_data.get("date_of_birth")
        if born is None:
            return None
        if born > timezone.localdate():
            raise forms.ValidationError("The date of birth cannot be in the future.")
        if born.year < 1900:
            raise forms.ValidationError("Enter a date of birth after 1900.")
        return born


class ClientSearchForm(forms.Form):
    """The list's search box and active/archived filter (a plain GET form)."""

    STATUS_CHOICES = [("active", "Active"), ("archived", "Archived")]

    q = forms.CharField(
        label="Search by name or activity",
        required=False,
        max_length=100,
        widget=forms.TextInput(attrs={"type": "search", "autocomplete": "off"}),
    )
    status = forms.ChoiceField(label="Show", choices=STATUS_CHOICES, required=False)

    def query(self) -> str:
        return self.cleaned_data.get("q", "").strip() if self.is_valid() else ""

    def show_archived(self) -> bool:
        return self.is_valid() and self.cleaned_data.get("status") == "archived"
