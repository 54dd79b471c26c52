from django.urls import path

from clients import link_views as views

app_name = "links"

urlpatterns = [
    path("clients/<int:client_id>/link/", views.show_link_panel, name="panel"),
    path("clients/<int:client_id>/link/revoke/", views.revoke_link, name="revoke"),
    path("c/<str:token>/", views.open_link, name="open"),
]
