"""Back-office URLs of 行政处罚 cases (namespace ``cases``, mounted at ``/cases/``), gathered from the
areas' own ``urls_*.py`` modules."""

from fazhi.cases import urls_cases, urls_supervision

app_name = "cases"
# The other areas' modules (case list and detail, steps, …) are added here as they are built.
urlpatterns = [*urls_cases.urlpatterns, *urls_supervision.urlpatterns]
