"""`load_drill_library --if-empty`: what every deployment start runs."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from programs.library.files import read_library
from programs.models import Drill
from tests.factory import make_program

pytestmark = pytest.mark.django_db


def run(*args: str) -> str:
    out = StringIO()
    call_command("load_drill_library", *args, stdout=out)
    return out.getvalue()


def test_it_loads_an_empty_library() -> None:
    output = run("--if-empty")
    assert f"{len(read_library()['drills'])} drills were added" in output
    assert Drill.objects.filter(owner__isnull=True).count() >= 40


def test_it_never_overwrites_what_editors_changed() -> None:
    run("--if-empty")
    drill = Drill.objects.get(slug="calf-soleus-stretch")
    drill.cues = ["An editor's cue"]
    drill.sets = 4
    drill.save()
    output = run("--if-empty")
    assert "left as the editors keep it" in output
    drill.refresh_from_db()
    assert (drill.cues, drill.sets) == (["An editor's cue"], 4)


def test_a_moved_rung_does_not_stop_a_start() -> None:
    program = make_program()
    used = program.phases.first().prescriptions.first().drill
    used.ladder = "moved-by-an-editor"
    used.save(update_fields=["ladder"])
    # The plain load refuses the file (it would break a published program) ...
    with pytest.raises(CommandError):
        run()
    # ... the start's load leaves the library alone and succeeds.
    assert "left as the editors keep it" in run("--if-empty")
    used.refresh_from_db()
    assert used.ladder == "moved-by-an-editor"
