from django.urls import path

from clients import records_views as views

app_name = "records"

urlpatterns = [
    path("<int:client_id>/export.json", views.export_client, name="export"),
    path("<int:client_id>/erase/", views.erase_client, name="erase"),
    path("<int:client_id>/audit/", views.show_audit, name="audit"),
]
