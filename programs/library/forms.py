"""Drill forms for the admin and the coach's own drills: lines as lists, checked media."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import PurePath
from typing import Any, cast

from django import forms
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from PIL import Image, UnidentifiedImageError

from assessments.core.findings import FINDING_CODES
from assessments.core.types import CONTRAINDICATIONS
from assessments.core.wording import finding_name, ladder_words
from clients.models import User
from programs.library.checks import link_problems
from programs.library.history import LABELS, TRACKED_FIELDS
from programs.library.services import private_slug
from programs.models import Drill

MB = 1024 * 1024
IMAGE_MAX_BYTES = 2 * MB
VIDEO_MAX_BYTES = 20 * MB
# Extension -> the format Pillow must find inside the file.
IMAGE_FORMATS = {"jpg": "JPEG", "jpeg": "JPEG", "png": "PNG", "webp": "WEBP"}
VIDEO_EXTENSIONS = ("mp4", "webm")
LIBRARY_MAX_BYTES = 2 * MB
MAX_LINES = 12
MAX_LINE_LENGTH = 300

PAIN_CEILING_RULE = (
    "Give a whole number from 0 to 10, or leave it empty for no ceiling."
)

IMAGE_RULE = "Images must be JPEG, PNG or WebP files of at most 2 MB."
VIDEO_RULE = "Videos must be MP4 or WebM files of at most 20 MB."
CAPTIONS_MAX_BYTES = 200 * 1024
CAPTIONS_RULE = "Captions must be a WebVTT file (.vtt) of at most 200 KB."


def _size_words(size: int) -> str:
    return f"{size / MB:.1f} MB" if size >= MB / 10 else f"{size / 1024:.0f} KB"


def _extension(upload: UploadedFile) -> str:
    return PurePath(upload.name or "").suffix.lower().lstrip(".")


def validate_drill_image(upload: UploadedFile) -> None:
    """Extension, size and content: Pillow must read a JPEG, PNG or WebP image."""
    extension = _extension(upload)
    if extension not in IMAGE_FORMATS:
        raise ValidationError(
            f"“{upload.name}” is not a JPEG, PNG or WebP image. {IMAGE_RULE}",
            code="image_type",
        )
    if (upload.size or 0) > IMAGE_MAX_BYTES:
        raise ValidationError(
            f"“{upload.name}” is {_size_words(upload.size or 0)}. {IMAGE_RULE}",
            code="image_size",
        )
    try:
        upload.seek(0)
        with Image.open(upload) as image:
            found = image.format
            image.verify()
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError) as error:
        raise ValidationError(
            f"“{upload.name}” is not a readable image. {IMAGE_RULE}",
            code="image_content",
        ) from error
    finally:
        upload.seek(0)
    if found != IMAGE_FORMATS[extension]:
        raise ValidationError(
            f"“{upload.name}” is named .{extension} but holds a {found or 'different'} image. {IMAGE_RULE}",
            code="image_content",
        )


def video_kind(head: bytes) -> str | None:
    """ "mp4" or "webm" from a file's first bytes (its signature), else None."""
    if len(head) >= 12 and head[4:8] == b"ftyp":
        return "mp4"
    if head.startswith(b"\x1a\x45\xdf\xa3") and b"webm" in head[:64]:
        return "webm"
    return None


def validate_drill_video(upload: UploadedFile) -> None:
    """Extension, size and the file's own signature: MP4 (ftyp box) or WebM (EBML)."""
    extension = _extension(upload)
    if extension not in VIDEO_EXTENSIONS:
        raise ValidationError(
            f"“{upload.name}” is not an MP4 or WebM video. {VIDEO_RULE}",
            code="video_type",
        )
    if (upload.size or 0) > VIDEO_MAX_BYTES:
        raise ValidationError(
            f"“{upload.name}” is {_size_words(upload.size or 0)}. {VIDEO_RULE}",
            code="video_size",
        )
    upload.seek(0)
    head = upload.read(64)
    upload.seek(0)
    if video_kind(head) != extension:
        raise ValidationError(
            f"“{upload.name}” does not contain {extension.upper()} video. {VIDEO_RULE}",
            code="video_content",
        )


def validate_drill_captions(upload: UploadedFile) -> None:
    """Extension, size and the WebVTT signature (the file starts with "WEBVTT")."""
    if _extension(upload) != "vtt":
        raise ValidationError(
            f"“{upload.name}” is not a WebVTT captions file. {CAPTIONS_RULE}",
            code="captions_type",
        )
    if (upload.size or 0) > CAPTIONS_MAX_BYTES:
        raise ValidationError(
            f"“{upload.name}” is {_size_words(upload.size or 0)}. {CAPTIONS_RULE}",
            code="captions_size",
        )
    upload.seek(0)
    head = upload.read(16)
    upload.seek(0)
    if not head.removeprefix(b"\xef\xbb\xbf").startswith(b"WEBVTT"):
        raise ValidationError(
            f"“{upload.name}” does not start with WEBVTT, so it is not a captions file. {CAPTIONS_RULE}",
            code="captions_content",
        )


class LinesField(forms.Field):
    """A JSON list of short texts edited as a textarea, one item per line."""

    widget = forms.Textarea

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("required", False)
        kwargs.setdefault("widget", forms.Textarea(attrs={"rows": 4}))
        super().__init__(**kwargs)

    def prepare_value(self, value: object) -> object:
        if isinstance(value, list | tuple):
            return "\n".join(str(item) for item in value)
        return value

    def to_python(self, value: object) -> list[str]:
        if value in self.empty_values:
            return []
        if isinstance(value, list | tuple):
            return [str(item).strip() for item in value if str(item).strip()]
        return [line.strip() for line in str(value).splitlines() if line.strip()]

    def validate(self, value: list[str]) -> None:
        if self.required and not value:
            raise ValidationError(self.error_messages["required"], code="required")
        if len(value) > MAX_LINES:
            raise ValidationError(
                f"At most {MAX_LINES} lines, please ({len(value)} given).",
                code="too_many",
            )
        for number, line in enumerate(value, start=1):
            if len(line) > MAX_LINE_LENGTH:
                raise ValidationError(
                    f"Line {number} is {len(line)} characters; keep each line under {MAX_LINE_LENGTH}.",
                    code="too_long",
                )


def finding_choices(current: list[str] | None = None) -> list[tuple[str, str]]:
    codes = [code for code in FINDING_CODES if code != "refer_out"]
    codes += [code for code in current or [] if code not in codes]
    return [(code, finding_name(code)) for code in codes]


class RungChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Drill) -> str:
        retired = " (retired)" if obj.retired_at else ""
        return f"{ladder_words(obj.ladder)} · rung {obj.rung} · {obj.name}{retired}"


class DrillFieldsForm(forms.ModelForm):
    """The fields every drill editor shares, with the ladder checks."""

    cues = LinesField(help_text="One cue per line; the client sees the first three.")
    contraindications = LinesField(
        help_text="One per line: what the coach and the client read."
    )
    contraindication_codes = forms.MultipleChoiceField(
        required=False,
        widget=forms.CheckboxSelectMultiple,
        choices=list(CONTRAINDICATIONS.items()),
        label="Ruled out for clients with",
        help_text="Tick every restriction that rules this drill out: generated programs "
        "never give it to a client who has one of them.",
    )
    max_pain = forms.IntegerField(
        required=False,
        min_value=0,
        max_value=10,
        label="Pain ceiling (0-10)",
        help_text="Left out of a program when the knee pain at the session is above this. "
        "Empty: no ceiling.",
        error_messages={
            "invalid": PAIN_CEILING_RULE,
            "min_value": PAIN_CEILING_RULE,
            "max_value": PAIN_CEILING_RULE,
        },
    )
    finding_codes = forms.MultipleChoiceField(
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label="Findings it addresses",
    )
    next_rung = RungChoiceField(
        queryset=Drill.objects.none(),
        required=False,
        label="Next rung (one step harder)",
    )
    image = forms.FileField(required=False, help_text=IMAGE_RULE)
    video = forms.FileField(required=False, help_text=VIDEO_RULE)
    video_poster = forms.FileField(
        required=False,
        label="Video poster",
        help_text=f"The still shown before the video plays. {IMAGE_RULE}",
    )
    video_captions = forms.FileField(
        required=False,
        label="Video captions",
        help_text=f"Spoken words as text, for clients who cannot hear the video. {CAPTIONS_RULE}",
    )

    # The library the drill belongs to: None for the shared library.
    owner_id: int | None = None

    class Meta:
        model = Drill
        # The fields the drill's history tracks, but the slug (set on creation), the
        # rung (from the ladder's order) and retirement (its own action).
        fields: tuple[str, ...] = tuple(
            name
            for name in TRACKED_FIELDS
            if name not in {"slug", "rung", "retired_at"}
        )
        labels = {
            name: LABELS[name]
            for name in ("slug", "per_side", "media_url", "retired_at")
        }
        help_texts = {
            "ladder": "The ladder this drill is a rung of.",
            "per_side": "Tick when the dose is done on each side in turn.",
            "media_url": "A web link to a video or picture of the drill (optional).",
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.owner_id is None and self.instance.pk:
            self.owner_id = self.instance.owner_id
        if "finding_codes" in self.fields:
            cast(
                forms.ChoiceField, self.fields["finding_codes"]
            ).choices = finding_choices(list(self.instance.finding_codes or []))
        if "next_rung" in self.fields:
            rungs = Drill.objects.filter(owner_id=self.owner_id).order_by(
                "ladder", "rung", "name"
            )
            if self.instance.pk:
                rungs = rungs.exclude(pk=self.instance.pk)
            cast(forms.ModelChoiceField, self.fields["next_rung"]).queryset = rungs

    def clean_contraindication_codes(self) -> list[str]:
        # Stored in the vocabulary's order, whatever order the boxes came back in.
        chosen = set(self.cleaned_data.get("contraindication_codes") or [])
        return [code for code in CONTRAINDICATIONS if code in chosen]

    def _checked_upload(
        self, name: str, check: Callable[[UploadedFile], None]
    ) -> object:
        """A newly uploaded file passes its check; a kept or cleared file is left as it is."""
        upload = self.cleaned_data.get(name)
        if isinstance(upload, UploadedFile):
            check(upload)
        return upload

    def clean_image(self) -> object:
        return self._checked_upload("image", validate_drill_image)

    def clean_video(self) -> object:
        return self._checked_upload("video", validate_drill_video)

    def clean_video_poster(self) -> object:
        return self._checked_upload("video_poster", validate_drill_image)

    def clean_video_captions(self) -> object:
        return self._checked_upload("video_captions", validate_drill_captions)

    def clean(self) -> dict:
        super().clean()
        cleaned = self.cleaned_data
        if "ladder" in self.errors or "next_rung" in self.errors:
            return cleaned
        ladder = cleaned.get("ladder", self.instance.ladder)
        next_rung = cleaned.get("next_rung", self.instance.next_rung)
        if not ladder:
            return cleaned
        for problem in link_problems(
            drill=self.instance if self.instance.pk else None,
            ladder=ladder,
            next_rung=next_rung,
            owner_id=self.owner_id,
        ):
            field = problem.field if problem.field in self.fields else None
            self.add_error(field, problem.message)
        return cleaned


class PrivateDrillForm(DrillFieldsForm):
    """A coach's own drill: the slug is made for them, the ladder may stay empty."""

    retired = forms.BooleanField(
        required=False,
        label="Retired",
        help_text="Retired drills stay in old programs and are left out of new ones.",
    )

    def __init__(self, *args: Any, owner: User, **kwargs: Any) -> None:
        self.owner = owner
        self.owner_id = owner.pk
        super().__init__(*args, **kwargs)
        self.fields["ladder"].required = False
        self.fields["ladder"].help_text = (
            "Drills with the same ladder key form a ladder of your own; leave empty "
            "for a drill on its own."
        )
        self.fields["retired"].initial = self.instance.retired_at is not None
        if not self.instance.pk:
            del self.fields["retired"]

    def clean(self) -> dict:
        if not self.instance.pk and not self.errors.get("name"):
            name = self.cleaned_data.get("name") or ""
            self.instance.slug = private_slug(owner=self.owner, name=name)
            self.instance.owner = self.owner
        if not self.cleaned_data.get("ladder"):
            if self.instance.pk:
                self.cleaned_data["ladder"] = self.instance.ladder
            elif self.instance.slug:
                self.cleaned_data["ladder"] = self.instance.slug[:40]
        return super().clean()


class LibraryUploadForm(forms.Form):
    library = forms.FileField(
        label="Library file",
        help_text="A drill library JSON file, as the export writes it.",
    )

    def clean_library(self) -> str:
        upload = self.cleaned_data["library"]
        if upload.size > LIBRARY_MAX_BYTES:
            raise ValidationError(
                f"The file is {_size_words(upload.size)}; a library file is at most 2 MB."
            )
        try:
            return upload.read().decode("utf-8")
        except UnicodeDecodeError as error:
            raise ValidationError("The file is not UTF-8 text.") from error


class LibraryApplyForm(forms.Form):
    # The previewed file, sent back so apply writes exactly what was shown.
    text = forms.CharField(widget=forms.HiddenInput, strip=False)
