"""行政复议 and 行政应诉 (issue 8). So far the pure rules (``rules/``: periods, jurisdiction, decision types
and their preconditions, the metrics' definitions), tested on their own; the Django app (models,
services, pages) comes next. No Django import here."""
