"""Print the permission table as Markdown for the README: python -m tools.permission_table"""

from core.permissions import PERMISSIONS, ROLE_PERMISSIONS, ROLES


def markdown_table() -> str:
    """The README's permission table, derived from core/permissions.py."""
    lines = [
        "| permission | " + " | ".join(ROLES) + " |",
        "|---|" + "---|" * len(ROLES),
    ]
    for key, label in PERMISSIONS.items():
        marks = " | ".join("✓" if key in ROLE_PERMISSIONS[role] else "" for role in ROLES)
        lines.append(f"| `{key}` {label._args[0]} | {marks} |")
    return "\n".join(lines)


if __name__ == "__main__":
    print(markdown_table())
