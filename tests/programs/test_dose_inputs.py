"""The program page's dose inputs, written from plain values, are what DoseForm would render."""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from django.template import Context, Template
from django.template.loader import render_to_string
from django.test.html import parse_html

from programs.forms import SIDE_CHOICES, DoseForm

# The markup the page rendered per row with a Django form before (kept for bound forms).
FORM_BRANCH = Template(
    """{{ form.version }}
      <div class="dose-fields">
        {% for field in form.visible_fields %}
        <div class="field{% if field.errors %} has-error{% endif %}">
          <label for="{{ field.id_for_label }}">{{ field.label }}</label>
          {{ field }}
          {% if field.help_text %}<p class="help" id="{{ field.auto_id }}_helptext">{{ field.help_text }}</p>{% endif %}
        </div>
        {% endfor %}
      </div>"""
)


@pytest.mark.parametrize(
    "dose",
    [
        {"sets": 3, "reps": 10, "seconds": None, "tempo": "3-1-1", "side": "both"},
        {"sets": 2, "reps": None, "seconds": 30, "tempo": "", "side": ""},
        {"sets": 1, "reps": 5, "seconds": 45, "tempo": "", "side": "left"},
        {"sets": 4, "reps": 8, "seconds": None, "tempo": "a<b", "side": "right"},
    ],
)
def test_plain_dose_inputs_match_the_form(dose: dict) -> None:
    prescription = SimpleNamespace(pk=41, **dose)
    program = SimpleNamespace(version=7)
    plain = render_to_string(
        "programs/_dose_inputs.html",
        {"p": prescription, "program": program, "side_choices": SIDE_CHOICES},
    )
    form = DoseForm(initial={"version": 7, **dose}, auto_id="id_p41_%s")
    expected = FORM_BRANCH.render(Context({"form": form}))
    # The include starts with a template comment; compare the markup only.
    assert parse_html(plain) == parse_html(expected)
