"""Back-office URLs of 双随机、一公开, gathered from the areas' own url modules."""

from fazhi.inspections import urls_items, urls_plans, urls_relationships, urls_tasks

app_name = "inspections"
urlpatterns = [*urls_items.urlpatterns, *urls_plans.urlpatterns, *urls_tasks.urlpatterns,
               *urls_relationships.urlpatterns]
