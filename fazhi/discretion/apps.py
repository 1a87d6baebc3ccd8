from django.apps import AppConfig


class DiscretionConfig(AppConfig):
    name = "fazhi.discretion"
    label = "discretion"
    verbose_name = "行政处罚裁量基准"
