"""The theme overrides write every value through one rule: escaped (``| e``), an address
(``| url``), JSON in an attribute (``| tojson | forceescape``), or HTML the build made, marked
``| safe`` where it lands. Material's templates do not escape by themselves."""

import re

from site_builder import PROJECT_ROOT

EXPRESSION = re.compile(r"{{-?\s*(.*?)\s*-?}}", re.DOTALL)
ESCAPED = re.compile(r"\|\s*(?:e|escape|url|forceescape|safe)\s*$")
CALL = re.compile(r"^(?:super|[a-z_]+)\(\)$")  # the parent block, or a macro of the template


def unescaped(template: str) -> list[str]:
    return [expression for expression in EXPRESSION.findall(template)
            if not ESCAPED.search(expression) and not CALL.match(expression)]


def test_the_rule_finds_a_bare_value():
    assert unescaped("<h1>{{ title }}</h1><p>{{ body | e }}</p>{{ super() }}{{ downloads() }}") == ["title"]


def test_every_value_of_the_overrides_is_escaped_or_marked():
    found = {}
    for template in sorted((PROJECT_ROOT / "overrides").rglob("*.html")):
        bare = unescaped(template.read_text(encoding="utf-8"))
        if bare:
            found[template.relative_to(PROJECT_ROOT).as_posix()] = bare
    assert found == {}
