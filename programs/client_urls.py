from django.urls import path

from programs import client_views as views

app_name = "clients"

urlpatterns = [
    path("", views.list_clients, name="list"),
    path("new/", views.create_client, name="create"),
    path("<int:client_id>/", views.show_client, name="detail"),
    path("<int:client_id>/edit/", views.edit_client, name="edit"),
    path("<int:client_id>/archive/", views.archive_client, name="archive"),
    path("<int:client_id>/restore/", views.restore_client, name="restore"),
]
