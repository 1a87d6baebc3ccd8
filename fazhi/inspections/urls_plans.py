"""年度执法计划 and draws (back office). Aggregated under the ``inspections`` namespace by ``urls.py``."""

from django.urls import path

from fazhi.inspections.views import plans as views

urlpatterns = [
    path("plans/", views.plan_list, name="plans"),
    path("plans/new/", views.plan_create, name="plan_create"),
    path("plans/coverage/", views.coverage, name="coverage"),
    path("plans/<int:pk>/", views.plan_detail, name="plan_detail"),
    path("plans/<int:pk>/edit/", views.plan_edit, name="plan_edit"),
    path("plans/<int:pk>/strata/", views.plan_strata, name="plan_strata"),
    path("plans/<int:pk>/activate/", views.plan_activate, name="plan_activate"),
    path("plans/<int:pk>/attempts/new/", views.attempt_create, name="attempt_create"),
    path("attempts/<int:pk>/", views.attempt_detail, name="attempt_detail"),
    path("attempts/<int:pk>/edit/", views.attempt_edit, name="attempt_edit"),
    path("attempts/<int:pk>/commit/", views.attempt_commit, name="attempt_commit"),
    path("attempts/<int:pk>/reveal/", views.attempt_reveal, name="attempt_reveal"),
    path("attempts/<int:pk>/draw/", views.attempt_draw, name="attempt_draw"),
    path("attempts/<int:pk>/cancel/", views.attempt_cancel, name="attempt_cancel"),
    path("attempts/<int:pk>/certificate.json", views.attempt_certificate, name="attempt_certificate"),
]
