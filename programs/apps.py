from __future__ import annotations

from django.apps import AppConfig


class ProgramsConfig(AppConfig):
    name = "programs"
    verbose_name = "Programs and drill library"

    def ready(self) -> None:
        from clients.models import Client
        from clients.page_cache import touch_on_change
        from programs.models import (
            Completion,
            PainAlert,
            PainReport,
            Phase,
            Prescription,
            Program,
            StepDown,
        )

        # Cached pages of a client change with its programs, drills done and pain.
        touch_on_change(Program, lambda program: [program.client_id])
        touch_on_change(
            Phase, lambda phase: Client.objects.filter(programs=phase.program_id)
        )
        touch_on_change(
            Prescription,
            lambda item: Client.objects.filter(programs__phases=item.phase_id),
        )
        touch_on_change(Completion, lambda done: [done.client_id])
        touch_on_change(PainReport, lambda report: [report.client_id])
        touch_on_change(PainAlert, lambda alert: [alert.client_id])
        touch_on_change(StepDown, lambda step: [step.client_id])
