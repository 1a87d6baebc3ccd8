from django.urls import path

from fazhi.institutions import views

app_name = "institutions"

urlpatterns = [
    path("", views.institution_list, name="list"),
    path("new/", views.institution_create, name="create"),
    path("import/", views.institution_import, name="import"),
    path("export/", views.institution_export, name="export"),
    path("<int:pk>/", views.institution_detail, name="detail"),
    path("<int:pk>/edit/", views.institution_edit, name="edit"),
    path("<int:pk>/status/", views.institution_status, name="status"),
    path("<int:pk>/history/", views.institution_history, name="history"),
    path("practitioners/", views.practitioner_list, name="practitioners"),
    path("practitioners/new/", views.practitioner_create, name="practitioner_create"),
    path("practitioners/import/", views.practitioner_import, name="practitioner_import"),
    path("practitioners/export/", views.practitioner_export, name="practitioner_export"),
    path("practitioners/<int:pk>/", views.practitioner_detail, name="practitioner_detail"),
    path("practitioners/<int:pk>/edit/", views.practitioner_edit, name="practitioner_edit"),
    path("practitioners/<int:pk>/status/", views.practitioner_status, name="practitioner_status"),
    path("practitioners/<int:pk>/history/", views.practitioner_history, name="practitioner_history"),
]
