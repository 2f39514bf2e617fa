"""PDF -> rows: every table row of a report, with its hierarchy, values and provenance.

`rekon.extract` is both this package and the public function: `rekon.extract(paths)` reads the
PDFs and returns `rekon.api.Rows` (see `rekon.api.extract`), while `rekon.extract.pipeline`,
`rekon.extract.grid`, ... stay importable as modules.
"""

import sys
import types


class _CallablePackage(types.ModuleType):
    def __call__(self, paths, **options):
        from rekon.api import extract

        return extract(paths, **options)


# A module's class may be replaced by a subclass of ModuleType (Python >= 3.5): the package stays
# a package, and calling it is the API function, so neither name shadows the other.
sys.modules[__name__].__class__ = _CallablePackage
