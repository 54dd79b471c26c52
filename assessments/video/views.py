"""Squat video pages: the client films and sends a clip; the coach reviews what was measured.

Client pages sit under /plan/squat-video/ (the phone), coach pages under
/videos/. Every lookup is scoped: a client reaches only their own videos, a
coach only their clients' (anyone else gets 404).
"""

from __future__ import annotations

import re

from django import forms
from django.conf import settings
from django.contrib import messages
from django.http import FileResponse, Http404, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from assessments.video.chart import rep_comparison, video_chart
from assessments.video.model import UNAVAILABLE, pose_model_available
from assessments.video.models import SquatVideo, VideoFlagReview, video_storage
from assessments.video.review import flag_rows, rep_rows
from assessments.video.rules import FPPA_WITHIN_ERROR_DEG
from assessments.video.services import (
    NoSuchFlag,
    squat_video_delete,
    squat_video_flag_review,
    squat_video_review_finish,
    squat_video_upload,
)
from assessments.video.upload import VideoRefused, check_squat_video
from clients.access import client_required, coach_required, own_profile_or_403
from config.http import AuthenticatedHttpRequest

VIEW_HELP = {
    "front": "Front: the phone faces you.",
    "side": "Side: the phone sees you side-on.",
}


class SquatVideoForm(forms.Form):
    view = forms.ChoiceField(
        label="Which way does the phone see you?",
        choices=SquatVideo.View.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose front or side."},
    )
    video = forms.FileField(
        label="Your squat video",
        error_messages={"required": "Choose or film your squat video."},
        widget=forms.ClearableFileInput(
            attrs={"accept": "video/*", "capture": "environment"}
        ),
    )

    def clean_video(self) -> object:
        upload = self.cleaned_data["video"]
        try:
            self.facts = check_squat_video(
                upload=upload,
                max_bytes=settings.SQUAT_VIDEO_MAX_BYTES,
                max_seconds=settings.SQUAT_VIDEO_MAX_SECONDS,
            )
        except VideoRefused as refused:
            raise forms.ValidationError(str(refused)) from refused
        return upload


# --- The client, on the phone -------------------------------------------------------------


@require_http_methods(["GET", "POST"])
@never_cache
@client_required
def film_squat(request: AuthenticatedHttpRequest) -> HttpResponse:
    client = own_profile_or_403(request)
    available = pose_model_available()
    status = 200
    if request.method == "POST" and not available:
        status = 503  # said plainly on the page; nothing is stored
    if request.method == "POST" and available:
        form = SquatVideoForm(request.POST, request.FILES)
        if form.is_valid():
            squat_video_upload(
                client=client,
                view=form.cleaned_data["view"],
                upload=form.cleaned_data["video"],
                facts=form.facts,
            )
            messages.success(
                request,
                "Video sent. It is being measured; your coach will look at it.",
            )
            return redirect("squat-video:film")
        status = 400
    else:
        form = SquatVideoForm()
    videos = client.squat_videos.only(
        "id", "view", "uploaded_at", "state", "file", "file_deleted_at", "reviewed_at"
    )
    return render(
        request,
        "video/film.html",
        {
            "form": form,
            "videos": videos,
            "available": available,
            "unavailable": UNAVAILABLE,
            "keep_days": settings.SQUAT_VIDEO_KEEP_DAYS,
            "max_mb": settings.SQUAT_VIDEO_MAX_BYTES // (1024 * 1024),
            "max_seconds": int(settings.SQUAT_VIDEO_MAX_SECONDS),
            "view_help": VIEW_HELP,
        },
        status=status,
    )


@require_POST
@client_required
def delete_own_video(request: AuthenticatedHttpRequest, video_id: int) -> HttpResponse:
    client = own_profile_or_403(request)
    video = get_object_or_404(SquatVideo, pk=video_id, client=client)
    squat_video_delete(video=video)
    messages.success(request, "Your video and everything measured from it are deleted.")
    return redirect("squat-video:film")


# --- The coach -------------------------------------------------------------------------


def _coach_video(request: AuthenticatedHttpRequest, video_id: int) -> SquatVideo:
    return get_object_or_404(
        SquatVideo.objects.select_related("client", "reviewed_by"),
        pk=video_id,
        client__coach=request.user,
    )


@require_GET
@coach_required
def review_video(request: AuthenticatedHttpRequest, video_id: int) -> HttpResponse:
    video = _coach_video(request, video_id)
    reviews = {
        (review.code, review.side): review for review in video.flag_reviews.all()
    }
    chart = None
    if video.landmarks and video.analysis:
        chart = video_chart(landmarks=video.landmarks, analysis=video.analysis)
    others = (
        SquatVideo.objects.filter(
            client=video.client, view=video.view, analysis__isnull=False
        )
        .exclude(pk=video.pk)
        .only("id", "uploaded_at", "view")
    )
    return render(
        request,
        "video/review.html",
        {
            "video": video,
            "client": video.client,
            "reps": rep_rows(video),
            "flags": flag_rows(video, reviews),
            "chart": chart,
            "others": others,
            "available": pose_model_available(),
            "unavailable": UNAVAILABLE,
            "keep_days": settings.SQUAT_VIDEO_KEEP_DAYS,
        },
    )


RANGE = re.compile(r"^bytes=(\d*)-(\d*)$")
RANGE_CHUNK_BYTES = 4 * 1024 * 1024


@require_GET
@coach_required
def serve_clip(request: AuthenticatedHttpRequest, video_id: int) -> HttpResponseBase:
    """The raw clip, to its client's coach only; byte ranges so the player can seek."""
    video = _coach_video(request, video_id)
    name = video.file.name
    if not video.has_file or not name:
        raise Http404("The clip has been deleted.")
    storage = video.file.storage
    size = storage.size(name)
    content_type = {"webm": "video/webm", "mov": "video/quicktime"}.get(
        video.extension, "video/mp4"
    )
    match = RANGE.match(request.headers.get("Range", ""))
    response: HttpResponseBase
    if match and (match.group(1) or match.group(2)):
        if match.group(1):
            start = int(match.group(1))
            end = int(match.group(2)) if match.group(2) else size - 1
        else:
            start, end = max(0, size - int(match.group(2))), size - 1
        # Never more than a few MB in memory per request: the player asks for the rest.
        end = min(end, size - 1, start + RANGE_CHUNK_BYTES - 1)
        if start > end:
            response = HttpResponse(status=416)
            response["Content-Range"] = f"bytes */{size}"
            return response
        with storage.open(name, "rb") as source:
            source.seek(start)
            body = source.read(end - start + 1)
        response = HttpResponse(body, status=206, content_type=content_type)
        response["Content-Range"] = f"bytes {start}-{end}/{size}"
    else:
        response = FileResponse(storage.open(name, "rb"), content_type=content_type)
        response["Content-Length"] = str(size)
    response["Accept-Ranges"] = "bytes"
    response["Cache-Control"] = "private, no-store"
    return response


@require_GET
@coach_required
def serve_still(
    request: AuthenticatedHttpRequest, video_id: int, rep: int
) -> HttpResponseBase:
    video = _coach_video(request, video_id)
    still = next((item for item in video.stills if item.get("rep") == rep), None)
    if still is None:
        raise Http404("No still for this rep.")
    response = FileResponse(
        video_storage().open(still["name"], "rb"), content_type="image/jpeg"
    )
    response["Cache-Control"] = "private, no-store"
    return response


@require_POST
@coach_required
def review_flag(request: AuthenticatedHttpRequest, video_id: int) -> HttpResponse:
    video = _coach_video(request, video_id)
    verdict = request.POST.get("verdict", "")
    if verdict not in VideoFlagReview.Verdict.values:
        messages.error(request, "Choose confirm or reject.")
        return redirect("videos:review", video.pk)
    try:
        squat_video_flag_review(
            video=video,
            code=request.POST.get("code", ""),
            side=request.POST.get("side", ""),
            verdict=verdict,
            user=request.user,
        )
    except NoSuchFlag:
        messages.error(request, "That flag is not on this video.")
        return redirect("videos:review", video.pk)
    messages.success(
        request,
        "Flag confirmed: it will be ticked on the next assessment."
        if verdict == VideoFlagReview.Verdict.CONFIRMED
        else "Flag rejected: it will not be used.",
    )
    return redirect(reverse("videos:review", args=[video.pk]) + "#flags")


@require_POST
@coach_required
def finish_review(request: AuthenticatedHttpRequest, video_id: int) -> HttpResponse:
    video = _coach_video(request, video_id)
    squat_video_review_finish(video=video, user=request.user)
    messages.success(
        request,
        "Review finished: the clip is deleted. The measurements and stills stay.",
    )
    return redirect("videos:review", video.pk)


@require_GET
@coach_required
def compare_videos(
    request: AuthenticatedHttpRequest, video_id: int, other_id: int
) -> HttpResponse:
    video = _coach_video(request, video_id)
    other = _coach_video(request, other_id)
    if other.client_id != video.client_id or other.view != video.view:
        raise Http404("Only two videos of the same client and view compare.")
    if not (video.analysis and other.analysis):
        raise Http404("Both videos must be analysed first.")
    earlier, later = sorted([video, other], key=lambda item: item.uploaded_at)
    metrics = (
        [("fppa_change_left", "Left knee"), ("fppa_change_right", "Right knee")]
        if video.view == "front"
        else [("trunk_minus_shin", "Trunk beyond shin")]
    )
    return render(
        request,
        "video/compare.html",
        {
            "video": video,
            "client": video.client,
            "earlier": earlier,
            "later": later,
            "rows": rep_comparison(
                earlier=earlier.analysis or {},  # both analysed (checked above)
                later=later.analysis or {},
                metrics=metrics,
                # The 9 deg band is measured for the front-view knee angle only (munro-2012).
                within_deg=FPPA_WITHIN_ERROR_DEG if video.view == "front" else None,
            ),
            "within_deg": FPPA_WITHIN_ERROR_DEG if video.view == "front" else None,
        },
    )
