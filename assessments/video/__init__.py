"""Squat video analysis (DESIGN.md "Squat video contract").

`landmarks` (parse a landmarks document), `geometry` (angles in pixels),
`analysis` (standing, reps, metrics, flags, quality) and `rules` (the
thresholds) are pure: no Django, no numpy, no pose model. Only `model` loads
MediaPipe and OpenCV to turn a clip into a landmarks document.
"""
