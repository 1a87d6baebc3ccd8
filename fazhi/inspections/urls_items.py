"""抽查事项清单 (back office). Aggregated under the ``inspections`` namespace by ``urls.py``."""

from django.urls import path

from fazhi.inspections.views import items as views

urlpatterns = [
    path("items/", views.item_lists, name="items"),
    path("items/new-version/", views.item_list_new_version, name="item_list_new_version"),
    path("items/<int:pk>/", views.item_list_detail, name="item_list_detail"),
    path("items/<int:pk>/publish/", views.item_list_publish, name="item_list_publish"),
    path("items/item/<int:pk>/edit/", views.item_edit, name="item_edit"),
]
