"""行政处罚裁量基准 (discretion benchmarks) and the 免罚事项清单, kept as data and applied by a pure engine.

- ``data/benchmarks/*.yaml``: the benchmark files (one per act, plus the shared circumstance codes and
  the 行政处罚法 第三十三条 exemption list). Every value carries its source.
- ``schema``: loads and validates the files (``load(paths) -> Benchmark``, ``BenchmarkInvalid``).
- ``engine``: ``recommend(benchmark, code_or_basis, facts) -> Recommendation`` and
  ``check_decision(recommendation, penalties) -> [Deviation]``. Pure Python: no Django import.
- ``benchmark``: the Django-side cached loader (shipped files plus ``settings.FAZHI_BENCHMARK_DIR``).
- ``serialize``: the JSON of a recommendation (``fazhi discretion recommend`` and the public endpoint).
- ``calculator`` (query parameters → facts → ``recommend``), ``publish`` (the benchmark laid out for the
  public) and ``views`` / ``public_urls``: the public pages under ``/public/discretion/`` (行政处罚法 第三十四条).

See ``docs/discretion.md`` and ``docs/adr/0017-discretion-rules-as-data.md``.
"""
