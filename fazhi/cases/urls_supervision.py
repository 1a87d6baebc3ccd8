"""The supervision page of case deadlines (办案期限预警), gathered into the ``cases`` namespace by
``urls.py``."""

from django.urls import path

from fazhi.cases.views import supervision as views

urlpatterns = [
    path("supervision/", views.supervision, name="supervision"),
    path("supervision/export/", views.supervision_export, name="supervision_export"),
]
