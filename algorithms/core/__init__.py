"""Pure core of planmaint: geometry and numbers with shapely (>= 2, vectorised) and numpy.

Nothing in this package imports ``qgis``: it can be tested, profiled and reused without QGIS, and every
algorithm reaches it through ``algorithms.bridge``.
"""
