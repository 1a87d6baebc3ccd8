"""The five legal-service fields (领域) every module shares."""

from django.db import models


class Field(models.TextChoices):
    LAWYER = "lawyer", "律师"
    NOTARY = "notary", "公证"
    APPRAISAL = "appraisal", "司法鉴定"
    ARBITRATION = "arbitration", "仲裁"
    GRASSROOTS = "grassroots", "基层法律服务"
