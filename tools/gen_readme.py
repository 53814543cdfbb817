#!/usr/bin/env python3
"""Assemble each addon's README.rst from its readme/*.md fragments (OCA layout).

Usage: python3 tools/gen_readme.py [--check] [ADDON ...]
With --check, exit 1 when a README.rst is missing or out of date.
"""

import ast
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SECTIONS = [
    ("DESCRIPTION.md", None),
    ("INSTALL.md", "Installation"),
    ("CONFIGURE.md", "Configuration"),
    ("USAGE.md", "Usage"),
    ("EXPORT.md", "Export format"),
    ("DEVELOP.md", "Development"),
    ("CONTRIBUTORS.md", "Contributors"),
]
HEADING_CHARS = {1: "=", 2: "-", 3: "~", 4: "^"}


def inline(text):
    """Markdown inline markup to reStructuredText."""
    text = re.sub(r"\[([^\]]+)\]\(([^)]+)\)", r"`\1 <\2>`_", text)
    text = re.sub(r"(?<!`)`([^`]+)`(?!`)", r"``\1``", text)
    text = re.sub(r"(?<![*\w])\*([^*\s][^*]*)\*(?![*\w])", r"*\1*", text)
    return text


LIST_ITEM = re.compile(r"^\s*([-*]|\d+\.)\s")


def convert(markdown, level_offset):
    out, in_code, list_indent = [], False, None
    for line in markdown.splitlines():
        if line.startswith("```"):
            in_code = not in_code
            out += ["", "::", ""] if in_code else [""]
            continue
        if in_code:
            out.append("    " + line)
            continue
        heading = re.match(r"^(#+)\s+(.*)$", line)
        if heading:
            level = min(len(heading.group(1)) + level_offset, 4)
            title = inline(heading.group(2).strip())
            out += ["", title, HEADING_CHARS[level] * len(title), ""]
            continue
        if re.match(r"^\s*\|.*\|\s*$", line):
            # Markdown tables become literal blocks: simple and always valid.
            if not out or not out[-1].startswith("    |"):
                out += ["", "::", ""]
            out.append("    " + line.strip())
            continue
        if out and out[-1].startswith("    |"):
            out.append("")
        item = LIST_ITEM.match(line)
        indent = len(line) - len(line.lstrip())
        if line.strip() and out and out[-1].strip():
            # reStructuredText wants a blank line around each nested list.
            if item and (list_indent is None or indent != list_indent):
                out.append("")
            elif not item and list_indent is not None and indent < list_indent:
                out.append("")
        if item:
            list_indent = indent
        elif not line.strip():
            list_indent = None
        out.append(inline(line))
    return "\n".join(out).strip() + "\n"


def render(addon):
    manifest = ast.literal_eval((addon / "__manifest__.py").read_text())
    name = manifest["name"]
    parts = [
        "=" * len(name),
        name,
        "=" * len(name),
        "",
        f"*{manifest['summary']}*",
        "",
        f"Version {manifest['version']} · License {manifest['license']} · "
        f"Odoo {manifest['version'].split('.')[0]}.0 Community",
        "",
        "**Table of contents**",
        "",
        ".. contents::",
        "   :local:",
        "",
    ]
    for filename, title in SECTIONS:
        path = addon / "readme" / filename
        if not path.exists():
            continue
        if title:
            parts += [title, "=" * len(title), ""]
        parts.append(convert(path.read_text(), 1 if title else 1))
        parts.append("")
    return "\n".join(parts).rstrip() + "\n"


def main(argv):
    check = "--check" in argv
    names = [a for a in argv if not a.startswith("--")] or [
        p.parent.name for p in sorted(ROOT.glob("*/__manifest__.py"))
    ]
    stale = []
    for name in names:
        addon = ROOT / name
        text = render(addon)
        target = addon / "README.rst"
        if check:
            if not target.exists() or target.read_text() != text:
                stale.append(str(target.relative_to(ROOT)))
        else:
            target.write_text(text)
    if stale:
        print("out of date (run python3 tools/gen_readme.py):", ", ".join(stale))
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
