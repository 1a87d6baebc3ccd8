from django.apps import AppConfig


class OfficersConfig(AppConfig):
    name = "fazhi.officers"
    label = "officers"
    verbose_name = "执法人员名录库"
