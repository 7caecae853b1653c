"""What a trainee sees of a cohort board: own scores, rank, pending work and (per the cohort's
visibility setting) the others as full names, initials or not at all."""

from __future__ import annotations

from assessment.board import Board, still_needed


def initials(name: str) -> str:
    """ "王小明" → "王**", "Li Lei" → "L. L."; enough to recognise oneself, not others."""
    name = (name or "").strip()
    if not name:
        return "—"
    if name.isascii():
        return " ".join(part[0].upper() + "." for part in name.split())
    return name[0] + "*" * (len(name) - 1)


def standing_context(board: Board, user_id: int) -> dict:
    row = next((r for r in board.rows if r.user_id == user_id), None)
    if row is None or not board.stages:
        return {"board": board, "row": row, "visible": 0, "others": [], "needed": [], "total": 0}
    # An eliminated trainee keeps their history up to and including the stage they left in.
    visible = len(board.stages)
    if row.eliminated_position is not None:
        visible = row.eliminated_position + 1
    index = min(board.current, visible - 1)
    total = sum(1 for r in board.rows if r.cells[index].rank is not None)
    others = []
    mode = board.cohort.visibility
    if mode != "none":
        for other in board.ranked(index):
            cell = other.cells[index]
            if not cell.active or cell.rank is None:
                continue
            shown = (
                other.name if mode == "full" or other.user_id == user_id else initials(other.name)
            )
            others.append((cell.rank, shown, cell.cumulative, other.user_id == user_id))
    return {
        "board": board,
        "row": row,
        "visible": visible,
        "index": index,
        "total": total,
        "others": others,
        "needed": still_needed(board, row) if row.eliminated_stage_id is None else [],
    }
