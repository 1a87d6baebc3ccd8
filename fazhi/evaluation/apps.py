from django.apps import AppConfig


class EvaluationConfig(AppConfig):
    name = "fazhi.evaluation"
    label = "evaluation"
    verbose_name = "行政执法案卷评查"
