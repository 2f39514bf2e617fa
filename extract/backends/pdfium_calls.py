"""PDFium's C functions called with plain addresses (ints) instead of pypdfium2's typed pointers.

pypdfium2's bindings check and convert a typed pointer for every pointer argument; on the calls
made once per glyph, per page object or per path point that conversion costs more than PDFium's
own work. The same C functions are bound here a second time through prototypes whose pointer
arguments are ``c_void_p``, which an int address passes straight through. Pointers come back as
ints, 0 for NULL. Out-parameters are written into small arrays (``Scratch``) made once per page.
"""

from __future__ import annotations

import ctypes

import pypdfium2.raw as raw

_ADDRESS, _INT, _POINTER = ctypes.c_void_p, ctypes.c_int, ctypes.c_size_t  # _POINTER: a returned address as an int


def _bind(name: str, restype, *argtypes):
    return ctypes.CFUNCTYPE(restype, *argtypes)(ctypes.cast(getattr(raw, name), ctypes.c_void_p).value)


def address(pointer) -> int:
    """A pypdfium2 handle's address."""
    return ctypes.cast(pointer, ctypes.c_void_p).value or 0


text_object = _bind("FPDFText_GetTextObject", _POINTER, _ADDRESS, _INT)
loose_char_box = _bind("FPDFText_GetLooseCharBox", _INT, _ADDRESS, _INT, _ADDRESS)
char_origin = _bind("FPDFText_GetCharOrigin", _INT, _ADDRESS, _INT, _ADDRESS, _ADDRESS)

count_objects = _bind("FPDFPage_CountObjects", _INT, _ADDRESS)
page_object = _bind("FPDFPage_GetObject", _POINTER, _ADDRESS, _INT)
form_count = _bind("FPDFFormObj_CountObjects", _INT, _ADDRESS)
form_object = _bind("FPDFFormObj_GetObject", _POINTER, _ADDRESS, ctypes.c_ulong)
object_type = _bind("FPDFPageObj_GetType", _INT, _ADDRESS)
object_bounds = _bind("FPDFPageObj_GetBounds", _INT, _ADDRESS, _ADDRESS, _ADDRESS, _ADDRESS, _ADDRESS)
object_matrix = _bind("FPDFPageObj_GetMatrix", _INT, _ADDRESS, _ADDRESS)
fill_color = _bind("FPDFPageObj_GetFillColor", _INT, _ADDRESS, _ADDRESS, _ADDRESS, _ADDRESS, _ADDRESS)
draw_mode = _bind("FPDFPath_GetDrawMode", _INT, _ADDRESS, _ADDRESS, _ADDRESS)
path_count_segments = _bind("FPDFPath_CountSegments", _INT, _ADDRESS)
path_segment = _bind("FPDFPath_GetPathSegment", _POINTER, _ADDRESS, _INT)
segment_point = _bind("FPDFPathSegment_GetPoint", _INT, _ADDRESS, _ADDRESS, _ADDRESS)
segment_type = _bind("FPDFPathSegment_GetType", _INT, _ADDRESS)
segment_close = _bind("FPDFPathSegment_GetClose", _INT, _ADDRESS)
clip_path = _bind("FPDFPageObj_GetClipPath", _POINTER, _ADDRESS)
clip_count_paths = _bind("FPDFClipPath_CountPaths", _INT, _ADDRESS)
clip_count_segments = _bind("FPDFClipPath_CountPathSegments", _INT, _ADDRESS, _INT)
clip_segment = _bind("FPDFClipPath_GetPathSegment", _POINTER, _ADDRESS, _INT, _INT)


class Scratch:
    """Out-parameters for the calls above: arrays and their addresses, each element's address at hand."""

    def __init__(self) -> None:
        self.floats = (ctypes.c_float * 6)()  # a point (x, y), bounds (left, bottom, right, top) or a matrix (a..f)
        self.doubles = (ctypes.c_double * 2)()  # a glyph's origin
        self.ints = (ctypes.c_uint * 4)()  # a draw mode (fill, stroke) or a colour (r, g, b, a)
        floats, doubles, ints = (ctypes.addressof(a) for a in (self.floats, self.doubles, self.ints))
        self.float_at = [floats + 4 * k for k in range(6)]
        self.double_at = [doubles + 8 * k for k in range(2)]
        self.int_at = [ints + 4 * k for k in range(4)]
