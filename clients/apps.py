from __future__ import annotations

from django.apps import AppConfig


class ClientsConfig(AppConfig):
    name = "clients"
    verbose_name = "Clients and people"

    def ready(self) -> None:
        from clients.models import ClientLink
        from clients.page_cache import touch_on_change

        touch_on_change(ClientLink, lambda link: [link.client_id])
