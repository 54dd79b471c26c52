from django.urls import path

from programs import add_views, safety_views, views

app_name = "programs"

urlpatterns = [
    path("generate/<int:session_id>/", views.generate_program, name="program-generate"),
    path("<int:program_id>/", views.show_program, name="program-detail"),
    path("<int:program_id>/publish/", views.publish_program, name="program-publish"),
    path("<int:program_id>/archive/", views.archive_program, name="program-archive"),
    path(
        "<int:program_id>/phase/move-on/",
        safety_views.move_phase_on,
        name="phase-move-on",
    ),
    path(
        "prescriptions/<int:prescription_id>/swap/<str:direction>/",
        views.swap_prescription,
        name="prescription-swap",
    ),
    path(
        "prescriptions/<int:prescription_id>/",
        views.update_prescription,
        name="prescription-update",
    ),
    path(
        "prescriptions/<int:prescription_id>/move/<str:direction>/",
        views.move_prescription,
        name="prescription-move",
    ),
    path(
        "prescriptions/<int:prescription_id>/remove/",
        views.remove_prescription,
        name="prescription-remove",
    ),
    path(
        "phases/<int:phase_id>/add/",
        add_views.add_prescription,
        name="prescription-add",
    ),
    path("drills/search/", add_views.search_drills, name="drill-search"),
]
