"""erviz speaks the admin's language: German, French and Spanish ship
complete, and a page follows the request's language."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

import erviz

LOCALES = Path(erviz.__file__).parent / "locale"
SHIPPED = ("de", "fr", "es")
pytestmark = pytest.mark.django_db


def messages(po: Path) -> dict[str, str]:
    """msgid -> its (first) translation, from a .po file."""
    found: dict[str, str] = {}
    for entry in po.read_text().split("\n\n"):
        ids = re.search(r'^msgid ((?:".*"\n)+)', entry + "\n", re.M)
        strs = re.search(r'^msgstr(?:\[0\])? ((?:".*"\n)+)', entry + "\n", re.M)
        if ids and strs:
            msgid = "".join(re.findall(r'"(.*)"', ids.group(1)))
            if msgid:
                found[msgid] = "".join(re.findall(r'"(.*)"', strs.group(1)))
    return found


@pytest.mark.skipif(not shutil.which("xgettext"), reason="GNU gettext is absent")
def test_every_string_of_erviz_is_translated_in_each_shipped_locale(tmp_path):
    """makemessages over erviz's code finds nothing a shipped locale lacks."""
    copy = tmp_path / "erviz"
    shutil.copytree(Path(erviz.__file__).parent, copy)
    shutil.rmtree(copy / "locale")
    (copy / "locale").mkdir()
    subprocess.run(
        [sys.executable, "-m", "django", "makemessages", "-l", "de", "--no-location"],
        cwd=copy,
        env={"DJANGO_SETTINGS_MODULE": "tests.settings", "PATH": "/usr/bin:/bin",
             "PYTHONPATH": str(Path(__file__).resolve().parent.parent)},
        check=True,
        capture_output=True,
    )  # fmt: skip
    found = set(messages(copy / "locale/de/LC_MESSAGES/django.po"))
    assert len(found) > 100
    for language in SHIPPED:
        shipped = messages(LOCALES / language / "LC_MESSAGES" / "django.po")
        untranslated = sorted(m for m in found if not shipped.get(m))
        assert untranslated == [], language
        assert (LOCALES / language / "LC_MESSAGES" / "django.mo").exists()


@pytest.mark.parametrize(
    ("language", "words"),
    [
        ("de", ["Tiefe", "Herunterladen", "Einpassen", "Beziehungen"]),
        ("fr", ["Profondeur", "Télécharger", "Ajuster", "Relations"]),
        ("es", ["Profundidad", "Descargar", "Ajustar", "Relaciones"]),
    ],
)
def test_pages_follow_the_projects_language(admin_client, settings, language, words):
    settings.LANGUAGE_CODE = language
    page = admin_client.get("/admin/erviz/models/demo_models.Book/").content.decode()
    for word in words:
        assert word in page, (language, word)
    assert "Download" not in page and ">Depth" not in page


def test_pages_follow_the_browsers_language_behind_locale_middleware(
    admin_client, settings
):
    settings.MIDDLEWARE = [
        *settings.MIDDLEWARE[:2],
        "django.middleware.locale.LocaleMiddleware",
        *settings.MIDDLEWARE[2:],
    ]
    url = "/admin/erviz/models/demo_models.Author/rows/1/delete-preview/"
    from demo_models.models import Author

    author = Author.objects.create(name="Ursula")
    url = url.replace("/1/", f"/{author.pk}/")
    page = admin_client.get(url, headers={"accept-language": "de"}).content.decode()
    assert "Nichts wurde gelöscht: dies ist eine Vorschau." in page
    english = admin_client.get(url, headers={"accept-language": "en"}).content.decode()
    assert "Nothing has been deleted: this is a preview." in english


def test_the_diagram_and_its_cache_follow_the_language(admin_client, settings):
    """The legend and labels are drawn in the request's language, and a
    picture cached in one language is not served in another."""
    url = "/admin/erviz/models/demo_models.Book/"
    settings.LANGUAGE_CODE = "en-us"
    english = admin_client.get(url).content.decode()
    assert "on_delete and notation" in english
    assert "these rows are deleted too" in english
    settings.LANGUAGE_CODE = "de"
    german = admin_client.get(url).content.decode()
    assert "on_delete und Notation" in german
    assert "diese Zeilen werden mitgelöscht" in german
    assert "these rows are deleted too" not in german
    panel = admin_client.get(
        "/admin/erviz/models/demo_models.Book/relations/author/"
    ).content.decode()
    assert "Das Löschen von Author löscht auch die Book-Zeilen" in panel
    settings.LANGUAGE_CODE = "fr"
    bad = admin_client.get(url + "?depth=0")
    assert bad.status_code == 400
    assert "doit être un nombre entier" in bad.content.decode()


def test_counts_follow_the_locales_thousand_separators():
    from django.utils import translation

    from erviz.templatetags.erviz import count as _n

    with translation.override("de"):
        assert _n(200000) == "200.000"
    with translation.override("en"):
        assert _n(200000) == "200,000"


def test_preview_counts_are_grouped_in_the_pages_language(
    seeded, admin_client, settings, monkeypatch
):
    """A count of 123,456 reads "123.456" in German (a preview's counts made
    that large, so the page is what is checked, not the seeding)."""
    import erviz.views.preview_page as views
    from demo_models.models import Store

    counted = views.preview_row

    def larger(*args, **kwargs):
        preview = counted(*args, **kwargs)
        preview.deleted["demo_models.OrderLine"] = 123456
        return preview

    monkeypatch.setattr(views, "preview_row", larger)
    settings.LANGUAGE_CODE = "de"
    store = Store.objects.earliest("pk")
    url = f"/admin/erviz/models/demo_models.Store/rows/{store.pk}/delete-preview/"
    page = admin_client.get(url).content.decode()
    assert ">123.456<" in page
    assert "123.456 Zeilen gelöscht" in page  # the picture's note too


@pytest.mark.parametrize("who", ["superuser", "viewer"])
@pytest.mark.parametrize("first", ["de", "en"])
def test_one_process_answers_each_request_in_its_own_language(
    admin_client, client, first, who
):
    """The schema is built once per process: a page asked in German first
    must not leave German names on the next English page (and back), for a
    superuser's whole schema and for a viewer's cut of it."""
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Permission
    from django.utils import translation

    if who == "viewer":
        user = get_user_model().objects.create_user("v", is_staff=True)
        user.user_permissions.set(Permission.objects.filter(codename="view_user"))
        client.force_login(user)
        admin_client = client

    words = {"de": ("Benutzer", "Benutzer"), "en": ("user", "users")}
    url = "/admin/erviz/models/auth.User/"
    for language in (first, "en" if first == "de" else "de", first):
        with translation.override(language):
            page = admin_client.get(url).content.decode()
            search = admin_client.get("/admin/erviz/search/?q=Benutz").content.decode()
        mine, other = words[language], words["en" if language == "de" else "de"]
        assert f">{mine[0].capitalize()} / {mine[1]}</p>" in page, language
        assert f"{other[0].capitalize()} / " not in page, language
        # The search matches verbose names in the request's language.
        found = re.search(r'class="erviz-results".*?</ul>', search, re.S)
        assert found is not None
        assert ("auth.User" in found.group()) == (language == "de"), language
