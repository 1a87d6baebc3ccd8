"""Reference data: Tianjin's 16 districts (GB/T 2260), the city bureau and the 16 district bureaus."""

from django.db import migrations


def load(apps, schema_editor):
    from fazhi.orgs import tianjin

    District = apps.get_model("orgs", "District")
    Organization = apps.get_model("orgs", "Organization")
    city, _ = Organization.objects.get_or_create(
        code=tianjin.CITY_BUREAU["code"],
        defaults={"name": tianjin.CITY_BUREAU["name"], "kind": "city_bureau",
                  "doc_prefix": tianjin.CITY_BUREAU["doc_prefix"]},
    )
    for code, name, short in tianjin.DISTRICTS:
        district, _ = District.objects.get_or_create(code=code, defaults={"name": name, "short_name": short})
        Organization.objects.get_or_create(
            code=f"{code}-SFJ",
            defaults={"name": f"天津市{name}司法局", "kind": "district_bureau", "parent": city,
                      "district": district, "doc_prefix": f"津{short}司"},
        )


class Migration(migrations.Migration):
    dependencies = [("orgs", "0001_initial")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
