"""行政复议 and 行政应诉 (issue 8). The pure rules (``rules/``: periods, jurisdiction, decision types and
their preconditions, the metrics' definitions) and ``workflow.py`` (the transition table) are tested on
their own; the Django app adds ``models.py``, the services (``services/``: applications, procedure,
litigation), the selectors (``selectors.py``) and the console command ``fazhi reconsideration``. No
pages, documents or demo data yet. No Django import here."""
