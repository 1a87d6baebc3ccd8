"""行政复议 / 行政应诉 services: ``applications`` (registration and the acceptance review), ``procedure``
(hearing the case to its conclusion), ``litigation`` (行政应诉). Each owns its transaction and audit."""
