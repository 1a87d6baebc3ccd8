from django.urls import path

from fazhi.inspections.views import relationships

urlpatterns = [
    path("officers/<int:pk>/relationships/", relationships.relationships, name="relationships"),
    path("officers/<int:pk>/relationships/<int:rel_pk>/end/", relationships.relationship_end,
         name="relationship_end"),
]
