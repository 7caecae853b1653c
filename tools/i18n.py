"""Translation catalogs, one per area: extract new strings, compile, and check completeness.

Usage: python -m tools.i18n update [AREA] | fill FILE.json [AREA] | compile | check
AREA is the first part of a catalog directory: translations (core), courses, quizzes, case_library,
assessment, simulator, practice, certification. Give it when several people work at once, so each rewrites only their own catalog.
Message ids are English; zh_CN is the default UI language, so every id needs a zh_CN string, and
an id used by two areas needs the same string in both (the catalogs are merged into one).
"""

import io
import os
import sys
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import DEFAULT_KEYWORDS, extract_from_file
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po, write_po

ROOT = Path(__file__).resolve().parent.parent
LOCALE = "zh"  # Babel resolves zh_CN to zh_Hans_CN; gettext then falls back to "zh"
KEYWORDS = {
    **DEFAULT_KEYWORDS,
    "N_": None,
    "_l": None,
    "lazy_gettext": None,
    "lazy_ngettext": (1, 2),
}
JINJA_OPTIONS = {"extensions": "jinja2.ext.do", "trimmed": "true"}

# catalog directory -> the sources whose strings it holds
CATALOGS: dict[str, list[str]] = {
    "translations": [
        "app.py",
        "config.py",
        "core",
        "templates/*.html",
        "templates/_macros",
        "templates/auth",
        "templates/admin",
        "templates/errors",
        "templates/home",
    ],
    "courses/translations": ["courses", "templates/courses"],
    "quizzes/translations": ["quizzes", "templates/quizzes"],
    "case_library/translations": ["case_library", "templates/case_library"],
    "assessment/translations": ["assessment", "templates/assessment"],
    "simulator/translations": ["simulator", "templates/simulator"],
    "practice/translations": ["practice", "templates/practice"],
    "certification/translations": ["certification", "templates/certification"],
}


def _source_files(patterns: list[str]) -> list[Path]:
    files: list[Path] = []
    for pattern in patterns:
        path = ROOT / pattern
        if "*" in pattern:
            files.extend(sorted(ROOT.glob(pattern)))
        elif path.is_dir():
            files.extend(sorted(p for p in path.rglob("*") if p.suffix in (".py", ".html")))
        elif path.exists():
            files.append(path)
    return [f for f in files if "translations" not in f.parts and "content" not in f.parts]


def extract(catalog_dir: str) -> Catalog:
    """All messages used by the sources of one catalog."""
    template = Catalog(locale=None, project="postloan-academy")
    for path in _source_files(CATALOGS[catalog_dir]):
        method = "python" if path.suffix == ".py" else "jinja2.ext:babel_extract"
        options = {} if path.suffix == ".py" else JINJA_OPTIONS
        for lineno, message, comments, context in extract_from_file(
            method, str(path), keywords=KEYWORDS, options=options
        ):
            template.add(
                message,
                None,
                [(str(path.relative_to(ROOT)), lineno)],
                auto_comments=comments,
                context=context,
            )
    return template


def po_path(catalog_dir: str) -> Path:
    return ROOT / catalog_dir / LOCALE / "LC_MESSAGES" / "messages.po"


def _read(path: Path) -> Catalog:
    if not path.exists():
        return Catalog(locale=LOCALE, project="postloan-academy")
    with path.open("rb") as handle:
        return read_po(handle, locale=LOCALE)


def _selected(only: str | None) -> list[str]:
    """All catalogs, or the one whose directory starts with only (e.g. "courses")."""
    if not only:
        return list(CATALOGS)
    chosen = [d for d in CATALOGS if d.split("/")[0] == only]
    if not chosen:
        raise SystemExit(
            f"unknown catalog {only!r}; choose from {[d.split('/')[0] for d in CATALOGS]}"
        )
    return chosen


def update(only: str | None = None) -> None:
    """Add new message ids (with empty translations) and drop ids no longer used."""
    for catalog_dir in _selected(only):
        path = po_path(catalog_dir)
        catalog = _read(path)
        catalog.update(extract(catalog_dir), no_fuzzy_matching=True)
        catalog.obsolete.clear()
        path.parent.mkdir(parents=True, exist_ok=True)
        with path.open("wb") as handle:
            write_po(handle, catalog, width=100, omit_header=False, sort_output=False)


def compile_all() -> None:
    for catalog_dir in CATALOGS:
        path = po_path(catalog_dir)
        if not path.exists():
            continue
        compiled = io.BytesIO()
        write_mo(compiled, _read(path), use_fuzzy=False)
        replace_if_changed(path.with_suffix(".mo"), compiled.getvalue())


def replace_if_changed(target: Path, data: bytes) -> bool:
    """Put data at target whole: written beside it and renamed into place, so a process that
    reads the catalog meanwhile (another test worker, a running server) never sees half a file.
    An unchanged file is left alone. Returns whether it was written."""
    if target.exists() and target.read_bytes() == data:
        return False
    temporary = target.with_name(f".{target.name}.{os.getpid()}.tmp")
    temporary.write_bytes(data)
    os.replace(temporary, target)
    return True


def missing_translations() -> dict[str, list[str]]:
    """Message ids used in the code that have no zh_CN translation, per catalog."""
    missing: dict[str, list[str]] = {}
    for catalog_dir in CATALOGS:
        catalog = _read(po_path(catalog_dir))
        for message in extract(catalog_dir):
            if not message.id:
                continue
            entry = catalog.get(message.id, context=message.context)
            text = entry.string if entry is not None else None
            if isinstance(text, tuple | list):
                text = all(text)
            if not text or (entry is not None and entry.fuzzy):
                key = message.id if isinstance(message.id, str) else message.id[0]
                missing.setdefault(catalog_dir, []).append(key)
    return missing


def clashing_translations() -> dict[str, dict[str, str]]:
    """Message ids translated differently in two catalogs. Flask-Babel merges every catalog into
    one and the last directory wins, so a clash shows one area's wording on every page: give the
    two meanings different ids, or agree on one wording."""
    wordings: dict[str, dict[str, str]] = {}
    for catalog_dir in CATALOGS:
        for message in _read(po_path(catalog_dir)):
            if message.id and isinstance(message.id, str) and message.string:
                key = message.id if message.context is None else f"{message.context}|{message.id}"
                wordings.setdefault(key, {})[catalog_dir] = message.string
    return {key: found for key, found in wordings.items() if len(set(found.values())) > 1}


def fill(translations: dict[str, str], only: str | None = None) -> int:
    """Set zh_CN strings for the given message ids wherever they occur; returns how many were set."""
    count = 0
    for catalog_dir in _selected(only):
        path = po_path(catalog_dir)
        if not path.exists():
            continue
        catalog = _read(path)
        changed = False
        for message in catalog:
            if message.id and isinstance(message.id, str) and message.id in translations:
                message.string = translations[message.id]
                message.flags.discard("fuzzy")
                changed = True
                count += 1
        if changed:
            with path.open("wb") as handle:
                write_po(handle, catalog, width=100, omit_header=False, sort_output=False)
    return count


def main(argv: list[str]) -> int:
    command = argv[1] if len(argv) > 1 else "check"
    if command == "update":
        update(argv[2] if len(argv) > 2 else None)
    elif command == "fill":
        # python -m tools.i18n fill FILE.json  ({"English id": "中文", ...})
        import json

        with open(argv[2], encoding="utf-8") as handle:
            print(f"filled {fill(json.load(handle), argv[3] if len(argv) > 3 else None)} entries")
    elif command == "compile":
        compile_all()
    elif command == "check":
        missing = missing_translations()
        for catalog_dir, ids in missing.items():
            print(f"{catalog_dir}: {len(ids)} untranslated")
            for message_id in ids:
                print(f"  {message_id!r}")
        clashes = clashing_translations()
        for message_id, found in clashes.items():
            print(f"{message_id!r} is translated differently: {found}")
        return 1 if missing or clashes else 0
    else:
        print(__doc__)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
