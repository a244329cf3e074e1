"""Markdown from tool descriptions and reviews, rendered to safe HTML.

Markdown is converted first, then the HTML is cleaned with nh3 (Ammonia):
only the tags below survive, links get rel="noopener noreferrer nofollow",
and scripts, event handlers and javascript: URLs are removed.
"""

import markdown as markdown_lib
import nh3
from django.utils.safestring import SafeString, mark_safe

ALLOWED_TAGS = {
    "p", "br", "strong", "em", "ul", "ol", "li", "a", "code", "pre",
    "blockquote", "h3", "h4", "h5", "h6", "hr",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}}


def render_markdown(text: str) -> SafeString:
    # Headings start at h3: the page has its own h1 and h2.
    html = markdown_lib.markdown(text or "", extensions=["sane_lists"], output_format="html")
    html = (
        html.replace("<h1>", "<h3>")
        .replace("</h1>", "</h3>")
        .replace("<h2>", "<h3>")
        .replace("</h2>", "</h3>")
    )
    cleaned = nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes={"http", "https", "mailto"},
        link_rel="noopener noreferrer nofollow",
    )
    return mark_safe(cleaned)  # noqa: S308 - cleaned by nh3 just above  # nosec B308, B703
