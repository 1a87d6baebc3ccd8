"""执法文书 pages (namespace ``documents``, mounted at ``/documents/``): make a draft, the document page,
its writes (edit, issue, void), the PDF / DOCX downloads and the bound case file (卷宗)."""

from django.urls import path

from fazhi.documents.views import documents as views

app_name = "documents"
urlpatterns = [
    path("draft/", views.document_draft, name="draft"),
    path("<int:pk>/", views.document_detail, name="detail"),
    path("<int:pk>/edit/", views.document_edit, name="edit"),
    path("<int:pk>/issue/", views.document_issue, name="issue"),
    path("<int:pk>/void/", views.document_void, name="void"),
    path("<int:pk>/pdf/", views.document_pdf, name="pdf"),
    path("<int:pk>/docx/", views.document_docx, name="docx"),
    path("case/<int:case_pk>/file.pdf", views.case_file, name="case_file"),
]
