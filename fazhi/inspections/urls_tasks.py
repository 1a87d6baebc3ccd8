"""检查任务 and the yearly statistics (back office). Aggregated under the ``inspections`` namespace by
``urls.py``."""

from django.urls import path

from fazhi.inspections.views import tasks as views

urlpatterns = [
    path("tasks/", views.task_list, name="tasks"),
    path("tasks/<int:pk>/", views.task_detail, name="task_detail"),
    path("tasks/<int:pk>/notify/", views.task_notify, name="task_notify"),
    path("tasks/<int:pk>/check-in/", views.task_check_in, name="task_check_in"),
    path("tasks/<int:pk>/results/", views.task_results, name="task_results"),
    path("tasks/<int:pk>/evidence/", views.task_evidence, name="task_evidence"),
    path("tasks/<int:pk>/submit/", views.task_submit, name="task_submit"),
    path("tasks/<int:pk>/return/", views.task_return, name="task_return"),
    path("tasks/<int:pk>/approve/", views.task_approve, name="task_approve"),
    path("tasks/<int:pk>/publish/", views.task_publish, name="task_publish"),
    path("tasks/<int:pk>/follow-ups/new/", views.follow_up_create, name="follow_up_create"),
    path("follow-ups/<int:pk>/close/", views.follow_up_close, name="follow_up_close"),
    path("evidence/<int:pk>/download/", views.evidence_download, name="evidence_download"),
    path("stats/", views.stats, name="stats"),
    path("stats/export/", views.stats_export, name="stats_export"),
]
