from django.apps import AppConfig


class ReconsiderationConfig(AppConfig):
    name = "fazhi.reconsideration"
    label = "reconsideration"
    verbose_name = "行政复议与行政应诉"
