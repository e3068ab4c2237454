"""The lowest layer: what every other part of fingan builds on.

``exceptions`` (one error type per problem), ``paths`` (:class:`ReturnPaths`, the common output
of every path generator), ``random`` (seeds), ``validation`` (parameter checks), ``io`` (the
output rules), ``resources`` (memory and disk estimates), ``config`` (dataclass configs to and
from JSON), ``conditions`` (conditional sampling of tables), ``estimator`` (the base class of
every model) and ``protocols`` (the contracts the studies rely on). Nothing here imports any
other part of fingan.
"""
