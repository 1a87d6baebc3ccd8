"""Carry the numbers given out before the document engine existed into its series: every case number
(…罚案〔year〕N号) and inspection-notice number (…检通〔year〕N号) goes into the ledger, and each
series' counter starts after the highest, so no number is given twice."""

import re

from django.db import migrations

SERIES = (("cases", "Case", "number", "unit_id", "罚案", "case"),
          ("inspections", "InspectionTask", "notice_no", "plan__unit_id", "检通", "inspection_notice"))


def seed(apps, schema_editor):
    NumberSeries = apps.get_model("documents", "NumberSeries")
    IssuedNumber = apps.get_model("documents", "IssuedNumber")
    for app, model, field, unit_path, word, purpose in SERIES:
        pattern = re.compile(rf"^(?P<prefix>.*){word}〔(?P<year>\d{{4}})〕(?P<seq>\d+)号$")
        highest: dict[tuple[int, int], int] = {}
        rows = apps.get_model(app, model).objects.exclude(**{field: ""}).values_list(field, unit_path)
        for text, unit_id in rows.iterator():
            m = pattern.match(text or "")
            if m is None or IssuedNumber.objects.filter(text=text).exists():
                continue
            year, seq = int(m["year"]), int(m["seq"])
            IssuedNumber.objects.create(unit_id=unit_id, series=word, year=year, seq=seq, text=text, purpose=purpose)
            highest[(unit_id, year)] = max(seq, highest.get((unit_id, year), 0))
        for (unit_id, year), last in highest.items():
            NumberSeries.objects.update_or_create(unit_id=unit_id, series=word, year=year, defaults={"last": last})


class Migration(migrations.Migration):
    dependencies = [
        ("documents", "0001_initial"),
        ("cases", "0001_initial"),
        ("inspections", "0001_initial"),
    ]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
