"""Run axe-core (vendored) in the page and fail on any WCAG 2.1 A/AA violation."""

from pathlib import Path

AXE_JS = Path(__file__).parent / "vendor" / "axe.min.js"
WCAG_ONLY = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
WCAG_TAGS = [*WCAG_ONLY, "best-practice"]


def axe_violations(page, tags: list[str] = WCAG_TAGS) -> list[dict]:
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.add_script_tag(path=str(AXE_JS))
    result = page.evaluate(
        """async (tags) => await axe.run(document, {
            runOnly: {type: 'tag', values: tags},
            resultTypes: ['violations'],
        })""",
        tags,
    )
    return result["violations"]


def assert_accessible(page, tags: list[str] = WCAG_TAGS) -> None:
    """Our own pages meet WCAG 2.1 AA and axe's best practices; pass WCAG_ONLY for
    third-party pages (Swagger UI) whose markup we do not write."""
    violations = axe_violations(page, tags)
    report = "\n".join(
        f"- {v['id']} ({v['impact']}): {v['help']}\n    "
        + "\n    ".join(node["html"][:160] for node in v["nodes"][:5])
        for v in violations
    )
    assert not violations, f"axe found violations on {page.url}:\n{report}"
