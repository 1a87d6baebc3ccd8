from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("admin/", admin.site.urls),
    path("accounts/", include("fazhi.accounts.urls")),
    # registries
    path("institutions/", include("fazhi.institutions.urls")),
    path("officers/", include("fazhi.officers.urls")),
    path("laws/", include("fazhi.laws.urls")),
    # processes
    path("inspections/", include("fazhi.inspections.urls")),
    path("cases/", include("fazhi.cases.urls")),
    path("documents/", include("fazhi.documents.urls")),
    path("evaluation/", include("fazhi.evaluation.urls")),
    # public (no login)
    path("public/inspections/", include(("fazhi.inspections.public_urls", "public_inspections"))),
    path("public/discretion/", include(("fazhi.discretion.public_urls", "public_discretion"))),
    path("", include("fazhi.core.urls")),
]
