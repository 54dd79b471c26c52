from __future__ import annotations

from django.urls import path

from programs.views import add, editor, phase

app_name = "programs"

urlpatterns = [
    path(
        "generate/<int:session_id>/", editor.generate_program, name="program-generate"
    ),
    path("<int:program_id>/", editor.show_program, name="program-detail"),
    path("<int:program_id>/publish/", editor.publish_program, name="program-publish"),
    path("<int:program_id>/archive/", editor.archive_program, name="program-archive"),
    path(
        "<int:program_id>/phase/move-on/",
        phase.move_phase_on,
        name="phase-move-on",
    ),
    path(
        "prescriptions/<int:prescription_id>/swap/<str:direction>/",
        editor.swap_prescription,
        name="prescription-swap",
    ),
    path(
        "prescriptions/<int:prescription_id>/",
        editor.update_prescription,
        name="prescription-update",
    ),
    path(
        "prescriptions/<int:prescription_id>/move/<str:direction>/",
        editor.move_prescription,
        name="prescription-move",
    ),
    path(
        "prescriptions/<int:prescription_id>/remove/",
        editor.remove_prescription,
        name="prescription-remove",
    ),
    path(
        "phases/<int:phase_id>/add/",
        add.add_prescription,
        name="prescription-add",
    ),
    path("drills/search/", add.search_drills, name="drill-search"),
]
