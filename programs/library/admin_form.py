"""The library editor's drill form (admin): every field, ladders picked by their words."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.text import slugify

from assessments.core.wording import ladder_words
from programs.library.forms import DrillFieldsForm
from programs.models import Drill


def ladder_key(words: str) -> str:
    """A new ladder's stored key from its name: "Calf strength" -> "calf_strength"."""
    return slugify(words).replace("-", "_")[:40]


class DrillAdminForm(DrillFieldsForm):
    """The library editor's form (admin): every field, slug included.

    Ladders are picked by their words; the stored key stays as it is.
    """

    new_ladder = forms.CharField(
        required=False,
        max_length=60,
        label="Or start a new ladder",
        help_text="Its name, e.g. “Calf strength”; leave empty to keep the ladder above.",
    )

    class Meta(DrillFieldsForm.Meta):
        fields = ("slug", *DrillFieldsForm.Meta.fields, "retired_at")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if "ladder" in self.fields:
            keys = set(
                Drill.objects.filter(owner__isnull=True)
                .values_list("ladder", flat=True)
                .distinct()
            )
            if self.instance.ladder:
                keys.add(self.instance.ladder)
            choices = sorted(
                ((key, ladder_words(key)) for key in keys), key=lambda c: c[1]
            )
            field = self.fields["ladder"]
            field.required = False
            field.widget = forms.Select(choices=[("", "—"), *choices])

    def clean(self) -> dict:
        words = (self.cleaned_data.get("new_ladder") or "").strip()
        if words:
            key = ladder_key(words)
            if key:
                self.cleaned_data["ladder"] = key
            else:
                self.add_error("new_ladder", "Name the ladder with letters or digits.")
        elif not self.cleaned_data.get("ladder") and "ladder" not in self.errors:
            self.add_error(
                "ladder", "Pick the drill's ladder, or name a new one below."
            )
        return super().clean()
