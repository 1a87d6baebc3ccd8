"""The case pages (list, 案源登记, the case page and its writes), gathered into the ``cases`` namespace by
``urls.py``."""

from django.urls import path

from fazhi.cases.views import cases as views

urlpatterns = [
    path("", views.case_list, name="list"),
    path("export/", views.case_export, name="export"),
    path("register/", views.case_register, name="register"),
    path("<int:pk>/", views.case_detail, name="detail"),
    path("<int:pk>/advance/", views.case_advance, name="advance"),
    path("<int:pk>/officers/", views.case_officers, name="officers"),
    path("<int:pk>/basis/", views.case_basis, name="basis"),
    path("<int:pk>/publish/", views.case_publish, name="publish"),
    path("<int:pk>/withdraw/", views.case_withdraw, name="withdraw"),
    path("<int:pk>/evidence/", views.case_evidence, name="evidence"),
    path("<int:pk>/evidence/<int:evidence_pk>/", views.evidence_download, name="evidence_download"),
]
