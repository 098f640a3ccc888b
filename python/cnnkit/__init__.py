"""cnnkit: CNN layer primitives for the CPU on numpy arrays.

NHWC activations ``(n, h, w, c)``, HWIO convolution weights ``(kh, kw, c_in/groups, c_out)``,
float32 and float64. C-contiguous inputs of the call's dtype are read in place (no copy), the GIL
is released while an op runs, and cnnkit's errors are exceptions naming the argument
(``InvalidArgument`` is a ``ValueError``). ``cnnkit.course`` has the numpy course's functions.
See python/README.md for the array rules.
"""

from ._cnnkit import *  # noqa: F401,F403  (the compiled module defines the public API)
from ._cnnkit import __version__  # noqa: F401
from . import _cnnkit

__all__ = [name for name in dir(_cnnkit) if not name.startswith("_")]
