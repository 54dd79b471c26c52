"""Squat video analysis (DESIGN.md "Squat video contract").

`landmarks` (parse a landmarks document), `geometry` (angles in pixels),
`quality` (the gate), `reps` (standing and reps from the hips' path),
`analysis` (metrics, flags, the output document) and `rules` (the thresholds)
are pure: standard library only, no Django, no numpy, no pose model. Only `model` loads
MediaPipe and OpenCV to turn a clip into a landmarks document.
"""
