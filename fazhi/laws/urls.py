from django.urls import path

from fazhi.laws import views

app_name = "laws"

urlpatterns = [
    path("", views.law_list, name="list"),
    path("new/", views.law_create, name="create"),
    path("import/", views.law_import, name="import"),
    path("export/", views.law_export, name="export"),
    path("<int:pk>/", views.law_detail, name="detail"),
    path("<int:pk>/edit/", views.law_edit, name="edit"),
    path("<int:pk>/history/", views.law_history, name="history"),
    path("<int:pk>/articles/new/", views.article_create, name="article_create"),
    path("articles/<int:pk>/edit/", views.article_edit, name="article_edit"),
    path("articles/<int:pk>/history/", views.article_history, name="article_history"),
]
