"""The 案卷评查 pages: rounds, reviews, rectification and the round report (``fazhi.evaluation.urls``)."""
