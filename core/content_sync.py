"""What a content sync did: the one report shape that every area's `sync` command prints."""

from dataclasses import dataclass, field


@dataclass
class SyncReport:
    """Names of the items a sync created, updated, archived or left alone, and why.

    kept_local: edited in the browser, so the file did not overwrite them.
    diverged: kept_local items whose file has changed too (someone should reconcile them).
    warnings: files that could not be used, each with the reason.
    """

    created: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    archived: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    kept_local: list[str] = field(default_factory=list)
    diverged: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    def summary(self) -> str:
        text = (
            f"{len(self.created)} created, {len(self.updated)} updated, "
            f"{len(self.archived)} archived, {len(self.unchanged)} unchanged"
        )
        if self.kept_local:
            text += f", {len(self.kept_local)} locally modified kept"
        if self.diverged:
            text += f" ({len(self.diverged)} diverged from file: {', '.join(self.diverged)})"
        if self.warnings:
            text += f", {len(self.warnings)} warnings"
        return text
