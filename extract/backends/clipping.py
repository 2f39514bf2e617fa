"""Clipping for pdfminer: it parses `W` (set clip) but ignores it, so text a producer clips away
would be read as printed. This interpreter keeps the clip's bounding box in the graphics state,
so every character carries the clip it was drawn under (``LTChar.graphicstate.clip``).
"""

from __future__ import annotations

from pdfminer.pdfinterp import PDFGraphicState, PDFPageInterpreter
from pdfminer.utils import apply_matrix_pt

Box = tuple[float, float, float, float]  # x0, y0, x1, y1 in PDF space (y up)


class ClipGraphicState(PDFGraphicState):
    def __init__(self) -> None:
        super().__init__()
        self.clip: Box | None = None

    def copy(self) -> "ClipGraphicState":
        state = ClipGraphicState()
        state.__dict__.update(super().copy().__dict__)
        state.clip = self.clip
        return state


def _intersect(a: Box | None, b: Box) -> Box:
    if a is None:
        return b
    return (max(a[0], b[0]), max(a[1], b[1]), min(a[2], b[2]), min(a[3], b[3]))


class ClipTrackingInterpreter(PDFPageInterpreter):
    def init_state(self, ctm) -> None:
        super().init_state(ctm)
        self.graphicstate = ClipGraphicState()

    def _clip_to_current_path(self) -> None:
        points = [apply_matrix_pt(self.ctm, (op[1], op[2])) for op in self.curpath if len(op) >= 3 and op[0] in "mlc"]
        if not points or not isinstance(self.graphicstate, ClipGraphicState):
            return
        xs, ys = [p[0] for p in points], [p[1] for p in points]
        self.graphicstate.clip = _intersect(self.graphicstate.clip, (min(xs), min(ys), max(xs), max(ys)))

    def do_W(self) -> None:
        self._clip_to_current_path()

    def do_W_a(self) -> None:
        self._clip_to_current_path()
