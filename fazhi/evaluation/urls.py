"""Back-office URLs of 案卷评查 (namespace ``evaluation``, mounted at ``/evaluation/``): rounds and their
draw, the reviewers' queue and scoring form, rectification, typical cases and the round report."""

from django.urls import path

from fazhi.evaluation.views import rectification, report, reviews, rounds

app_name = "evaluation"
urlpatterns = [
    path("", rounds.round_list, name="rounds"),
    path("rounds/new/", rounds.round_create, name="round_create"),
    path("rounds/<int:pk>/", rounds.round_detail, name="round_detail"),
    path("rounds/<int:pk>/edit/", rounds.round_edit, name="round_edit"),
    path("rounds/<int:pk>/commit/", rounds.round_commit, name="round_commit"),
    path("rounds/<int:pk>/reveal/", rounds.round_reveal, name="round_reveal"),
    path("rounds/<int:pk>/draw/", rounds.round_draw, name="round_draw"),
    path("rounds/<int:pk>/certificate/", rounds.round_certificate, name="round_certificate"),
    path("rounds/<int:pk>/feedback/", rounds.round_feedback, name="round_feedback"),
    path("rounds/<int:pk>/close/", rounds.round_close, name="round_close"),
    path("rounds/<int:pk>/files/<int:file_pk>/typical/", rounds.typical_mark, name="typical_mark"),
    path("rounds/<int:pk>/report/", report.report, name="report"),
    path("rounds/<int:pk>/report/pdf/", report.report_pdf, name="report_pdf"),
    path("rounds/<int:pk>/report/export/", report.report_export, name="report_export"),
    path("reviews/", reviews.review_list, name="my_reviews"),
    path("reviews/<int:pk>/", reviews.review_detail, name="review"),
    path("rectification/", rectification.item_list, name="items"),
    path("rectification/<int:pk>/", rectification.item_detail, name="item"),
    path("rectification/<int:pk>/answer/", rectification.item_answer, name="item_answer"),
    path("rectification/<int:pk>/check/", rectification.item_check, name="item_check"),
    path("rectification/<int:pk>/escalate/", rectification.item_escalate, name="item_escalate"),
]
