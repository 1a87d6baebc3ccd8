from django.urls import path

from fazhi.officers import views

app_name = "officers"

urlpatterns = [
    path("", views.officer_list, name="list"),
    path("new/", views.officer_create, name="create"),
    path("import/", views.officer_import, name="import"),
    path("export/", views.officer_export, name="export"),
    path("<int:pk>/", views.officer_detail, name="detail"),
    path("<int:pk>/edit/", views.officer_edit, name="edit"),
    path("<int:pk>/status/", views.officer_status, name="status"),
    path("<int:pk>/history/", views.officer_history, name="history"),
    path("<int:pk>/login/", views.officer_link_user, name="link_user"),
]
