"""The public pages of 双随机、一公开: no login, every attempt shown, officers' names masked, and the
downloadable verifier accepts the published certificate."""

import json
import subprocess
import sys

import pytest
from django.urls import reverse

from fazhi.inspections.services import draws as draw_services
from fazhi.inspections.tests import factories as f

pytestmark = pytest.mark.django_db


@pytest.fixture
def drawn_plan(make_user, city_org):
    admin = make_user("city_admin", city_org)
    witness = make_user("leader", city_org)
    f.firms(admin, 6)
    f.officers(admin, 4, name="欧阳明华")
    plan = f.active_plan(admin)
    first = f.attempt(admin, plan)
    draw_services.attempt_commit(actor=admin, attempt=first)
    draw_services.attempt_cancel(actor=admin, attempt=first, reason="见证人未到场,重新组织抽取")
    second = plan.attempts.get(attempt=2)
    f.drawn(admin, witness, second)
    second.refresh_from_db()
    return plan, first, second


def test_public_pages_need_no_login(client, drawn_plan):
    plan, first, second = drawn_plan
    for url in (reverse("public_inspections:index"), reverse("public_inspections:items"),
                reverse("public_inspections:plan", args=[plan.code]), reverse("public_inspections:verify_help")):
        assert client.get(url).status_code == 200, url


def test_plan_page_shows_every_attempt_and_masks_officer_names(client, drawn_plan):
    plan, first, second = drawn_plan
    html = client.get(reverse("public_inspections:plan", args=[plan.code])).content.decode()
    assert first.commitment in html and "见证人未到场" in html  # the cancelled attempt stays public
    assert second.commitment in html and second.seed in html
    assert "欧阳明华" not in html and "欧***" in html


def test_draft_plans_and_attempts_are_not_public(client, make_user, city_org):
    admin = make_user("city_admin", city_org)
    draft = f.plan(admin)
    assert client.get(reverse("public_inspections:plan", args=[draft.code])).status_code == 404
    active = f.active_plan(admin)
    attempt = f.attempt(admin, active)
    assert client.get(reverse("public_inspections:manifest", args=[attempt.pk])).status_code == 404


def test_published_certificate_verifies_with_the_downloaded_verifier(client, drawn_plan, tmp_path):
    plan, first, second = drawn_plan
    cert = client.get(reverse("public_inspections:certificate", args=[second.pk]))
    assert cert.status_code == 200 and json.loads(cert.content) == second.certificate
    (tmp_path / "cert.json").write_bytes(cert.content)
    verifier = client.get(reverse("public_inspections:verifier"))
    (tmp_path / "verify_draw.py").write_bytes(b"".join(verifier.streaming_content))
    ok = subprocess.run([sys.executable, "-I", "verify_draw.py", "verify", "cert.json"], cwd=tmp_path,
                        capture_output=True, text=True)
    assert ok.returncode == 0, ok.stdout + ok.stderr
    tampered = json.loads(cert.content)
    tampered["seed_values"][1] = "208"
    (tmp_path / "bad.json").write_text(json.dumps(tampered, ensure_ascii=False), encoding="utf-8")
    bad = subprocess.run([sys.executable, "-I", "verify_draw.py", "verify", "bad.json"], cwd=tmp_path,
                         capture_output=True, text=True)
    assert bad.returncode == 1
