"""Translations through flask-babel: German comes out, in templates, forms and code."""

from __future__ import annotations

from flask import render_template_string
from flask_babel import force_locale, gettext, lazy_gettext, ngettext


def test_templates_speak_german(app):
    with app.test_request_context("/"):
        html = render_template_string("{{ _('This field is required.') }}")
        assert html == "Dieses Feld wird benötigt."  # WTForms' German catalogue


def test_templates_keep_formatting_and_escaping(app):
    with app.test_request_context("/"):
        html = render_template_string(
            "{{ _('Not a valid date value.') }}|{{ _('%(name)s zu %(n)s%%', name=name, n=5) }}",
            name="<b>AG</b>",
        )
    assert html == "Kein gültiges Datum.|&lt;b&gt;AG&lt;/b&gt; zu 5%"


def test_code_gets_german_with_variables_plurals_and_lazy_strings(app):
    with app.test_request_context("/"):
        assert gettext("Invalid email address.") == "Ungültige E-Mail-Adresse."
        assert gettext("„%(name)s“ gespeichert.", name="AG") == "„AG“ gespeichert."
        many = ngettext(
            "Field must be at least %(min)d character long.",
            "Field must be at least %(min)d characters long.",
            3,
            min=3,
        )
        assert many == "Feld muss mindestens 3 Zeichen beinhalten."
        assert str(lazy_gettext("This field is required.")) == "Dieses Feld wird benötigt."


def test_force_locale_still_switches_the_language(app):
    with app.test_request_context("/"):
        assert gettext("This field is required.") == "Dieses Feld wird benötigt."
        with force_locale("en"):
            assert gettext("This field is required.") == "This field is required."
            assert render_template_string("{{ _('This field is required.') }}") == (
                "This field is required."
            )
        assert gettext("This field is required.") == "Dieses Feld wird benötigt."


def test_german_source_strings_come_back_formatted(app):
    with app.test_request_context("/"):
        assert gettext("Eintrag %(n)s", n=1) == "Eintrag 1"
        assert gettext("100 %") == "100 %"  # no variables: no formatting, as in flask-babel


def test_underscore_gives_jinjas_new_style_results(app):
    with app.test_request_context("/"):
        html = render_template_string(
            "{{ _('100 %%') }}|{{ _('<b>fett</b>') }}|{{ _('%(n)s von %(m)s', n='<i>', m=2) }}"
        )
        # "%%" is formatted even without variables; the translated text itself is trusted,
        # the variables are escaped (as with Jinja's own new-style gettext).
        assert html == "100 %|<b>fett</b>|&lt;i&gt; von 2"
        text = (
            app.jinja_env.overlay(autoescape=False)
            .from_string("{{ _('%(n)s & mehr', n='<i>') }}|{{ _('This field is required.') }}")
            .render()
        )
        assert text == "<i> & mehr|Dieses Feld wird benötigt."  # plain text: nothing escaped
