"""Public URLs of the 行政处罚裁量基准 (namespace ``public_discretion``; no login; 行政处罚法 第三十四条)."""

from django.urls import path

from fazhi.discretion import views

urlpatterns = [
    path("", views.index, name="index"),
    path("matters/<str:code>/", views.matter, name="matter"),
    path("exemptions/", views.exemptions, name="exemptions"),
    path("calculator/", views.calculator, name="calculator"),
    path("api/recommend", views.api_recommend, name="api_recommend"),
]
