from django.apps import AppConfig


class InstitutionsConfig(AppConfig):
    name = "fazhi.institutions"
    label = "institutions"
    verbose_name = "监管对象名录库"
