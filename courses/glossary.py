"""Glossary terms: loaded from glossary.yaml by sync, added, edited and archived in the browser.

Precedence is the same as for lessons (courses/content/README.md): an entry of glossary.yaml is
the source of its term until a trainer edits the term in the browser; from then on the term is
locally modified and sync never overwrites it. If the file's entry changes afterwards, sync warns
and the glossary shows "与文件不一致"; "reset to file version" takes the file's entry again.
Terms added in the browser have no entry in the file and sync leaves them alone.
"""

import hashlib
import json
import re
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import func, select

from core.domain import N_, Conflict, DomainError, NotFound
from core.extensions import db
from courses.content_files import read_glossary_file
from courses.models import GlossaryTerm

ALIAS_SPLIT = re.compile(r"[\n,，、;；]+")
MAX_DEFINITION = 5000


@dataclass
class TermData:
    term: str
    english: str
    definition: str
    aliases: list[str]


def split_aliases(text: str) -> list[str]:
    """Aliases typed one per line or separated by commas / 、; blanks and repeats dropped."""
    seen: list[str] = []
    for alias in ALIAS_SPLIT.split(text or ""):
        alias = alias.strip()
        if alias and alias not in seen:
            seen.append(alias)
    return seen


def _entry_digest(values: dict) -> str:
    text = json.dumps(values, ensure_ascii=False, sort_keys=True)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _apply_entry(row: GlossaryTerm, entry: dict, digest: str) -> None:
    row.term, row.english = entry["term"], entry["english"]
    row.definition, row.aliases = entry["definition"], entry["aliases"]
    row.archived = False
    row.source_term = entry["term"]
    row.source_hash = row.file_hash = digest
    row.locally_modified = False


def sync_glossary(root: Path, report) -> None:
    """Bring glossary terms in line with glossary.yaml, keeping browser edits (see module doc)."""
    entries = read_glossary_file(root)
    if entries is None:
        return
    rows = list(db.session.scalars(select(GlossaryTerm)))
    by_source = {row.source_term: row for row in rows if row.source_term}
    # Rows from before source_term existed, and terms first made in the browser, match by name.
    by_name = {row.term: row for row in rows if not row.source_term}
    taken = {row.term for row in rows}
    seen: set[int] = set()
    for entry in entries:
        name = entry["term"]
        digest = _entry_digest(entry)
        row = by_source.get(name) or by_name.get(name)
        label = f"glossary/{name}"
        if row is None and name in taken:
            # A trainer renamed another term to this name in the browser; the browser wins.
            report.kept_local.append(label)
            report.diverged.append(label)
            continue
        if row is None:
            row = GlossaryTerm(term=name)
            _apply_entry(row, entry, digest)
            db.session.add(row)
            report.created.append(label)
            continue
        seen.add(row.id)
        row.source_term, row.file_hash = name, digest
        if row.locally_modified:
            report.kept_local.append(label)
            if row.diverged_from_file:
                report.diverged.append(label)
        elif row.archived or any(
            getattr(row, key) != value for key, value in entry.items() if key != "term"
        ):
            _apply_entry(row, entry, digest)
            report.updated.append(label)
        else:
            row.source_hash = digest
            report.unchanged.append(label)
    for row in rows:
        # Browser edits win: a locally modified term stays even when its entry left the file.
        if row.id not in seen and not row.locally_modified and not row.archived:
            row.archived = True
            report.archived.append(f"glossary/{row.term}")


def get_term_or_404(term_id: int) -> GlossaryTerm:
    term = db.session.get(GlossaryTerm, term_id)
    if term is None:
        raise NotFound(N_("This glossary term does not exist."))
    return term


def archived_terms() -> list[GlossaryTerm]:
    return list(
        db.session.scalars(
            select(GlossaryTerm).where(GlossaryTerm.archived.is_(True)).order_by(GlossaryTerm.term)
        )
    )


def _cleaned(data: TermData) -> TermData:
    """The trainer's input trimmed, the term itself dropped from its aliases; lengths checked."""
    term = (data.term or "").strip()
    definition = (data.definition or "").replace("\r\n", "\n").strip()
    english = (data.english or "").strip()
    if not term:
        raise DomainError(N_("Enter the term."))
    if len(term) > 100:
        raise DomainError(N_("The term may have at most 100 characters."))
    if not definition:
        raise DomainError(N_("Enter a definition: learners see it when they point at the term."))
    if len(definition) > MAX_DEFINITION:
        raise DomainError(N_("The definition may have at most 5,000 characters."))
    if len(english) > 200:
        raise DomainError(N_("The English name may have at most 200 characters."))
    aliases = [a for a in data.aliases if a != term]
    return TermData(term, english, definition, aliases)


def _other_terms(current: GlossaryTerm | None) -> list[GlossaryTerm]:
    return list(
        db.session.scalars(
            select(GlossaryTerm).where(GlossaryTerm.id != (current.id if current else -1))
        )
    )


def _word_taken(word: str, other: GlossaryTerm) -> Conflict:
    return Conflict(
        N_("%(word)s already links to the term %(other)s; a word can link to one term."),
        word=word,
        other=other.term,
    )


def check_aliases(data: TermData, current: GlossaryTerm | None = None) -> None:
    """Refuse aliases that are too long or already link to another live term.

    Its own step so that a form can show these errors under the aliases field.
    """
    term = (data.term or "").strip()
    aliases = [a for a in data.aliases if a != term]
    if any(len(alias) > 100 for alias in aliases):
        raise DomainError(N_("Each alias may have at most 100 characters."))
    for other in _other_terms(current):
        if other.archived:
            continue
        spellings = {s.lower() for s in [other.term, *(other.aliases or [])]}
        clash = next((alias for alias in aliases if alias.lower() in spellings), None)
        if clash:
            raise _word_taken(clash, other)


def _validated(data: TermData, current: GlossaryTerm | None) -> TermData:
    """Every rule for a term: its shape, a name no other term uses, aliases free to link."""
    data = _cleaned(data)
    check_aliases(data, current)
    for other in _other_terms(current):
        if other.term.lower() == data.term.lower():
            if other.archived:
                raise Conflict(
                    N_("The term %(term)s exists already (archived; restore it instead)."),
                    term=data.term,
                )
            raise Conflict(N_("The term %(term)s exists already."), term=data.term)
        spellings = {s.lower() for s in [other.term, *(other.aliases or [])]}
        if not other.archived and data.term.lower() in spellings:
            raise _word_taken(data.term, other)
    return data


def create_term(data: TermData) -> GlossaryTerm:
    data = _validated(data, None)
    # Made in the browser: no file entry, so sync never touches it.
    row = GlossaryTerm(
        term=data.term,
        english=data.english,
        definition=data.definition,
        aliases=data.aliases,
        locally_modified=True,
    )
    db.session.add(row)
    db.session.flush()
    return row


def update_term(row: GlossaryTerm, data: TermData) -> bool:
    """Save a trainer's edit; True if anything changed. The browser version now wins over sync."""
    data = _validated(data, row)
    values = {
        "term": data.term,
        "english": data.english,
        "definition": data.definition,
        "aliases": data.aliases,
    }
    changed = any(getattr(row, key) != value for key, value in values.items())
    if changed:
        for key, value in values.items():
            setattr(row, key, value)
        row.locally_modified = True
        db.session.flush()
    return changed


def set_archived(row: GlossaryTerm, archived: bool) -> None:
    """Archive (hide from the glossary and lesson links) or restore a term."""
    if row.archived == archived:
        raise DomainError(
            N_("This term is archived already.") if archived else N_("This term is not archived.")
        )
    if not archived:
        _validated(TermData(row.term, row.english, row.definition, list(row.aliases or [])), row)
    row.archived = archived
    row.locally_modified = True
    db.session.flush()


def reset_term_to_file(row: GlossaryTerm, root: Path) -> None:
    """Throw away browser edits: the term becomes its glossary.yaml entry again."""
    entries = read_glossary_file(root) or []
    entry = next((e for e in entries if row.source_term and e["term"] == row.source_term), None)
    if entry is None:
        raise DomainError(N_("This term has no entry in glossary.yaml."))
    clash = db.session.scalar(
        select(GlossaryTerm.id).where(
            func.lower(GlossaryTerm.term) == entry["term"].lower(), GlossaryTerm.id != row.id
        )
    )
    if clash is not None:
        raise Conflict(N_("Another term is called %(term)s; rename it first."), term=entry["term"])
    _apply_entry(row, entry, _entry_digest(entry))
    db.session.flush()
