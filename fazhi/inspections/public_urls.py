"""Public URLs of 双随机、一公开 (namespace ``public_inspections``; no login)."""

from django.urls import path

from fazhi.inspections.views import public

urlpatterns = [
    path("", public.index, name="index"),
    path("items/", public.items, name="items"),
    path("plans/<str:code>/", public.plan_detail, name="plan"),
    path("attempts/<int:pk>/manifest.json", public.manifest, name="manifest"),
    path("attempts/<int:pk>/certificate.json", public.certificate, name="certificate"),
    path("verify/", public.verify_help, name="verify_help"),
    path("verify/verify_draw.py", public.verifier, name="verifier"),
]
