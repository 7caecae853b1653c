"""Driving the site with the keyboard alone: Tab, Shift+Tab, Space, Enter, arrows and typing.

Every focus stop on the way must show a visible focus (an outline of 2px or more on an element
that matches :focus-visible), so a keyboard user always sees where they are.
"""

from core.demo import DEMO_PASSWORD
from tests.e2e.axe import describe, violations

FOCUS_STOPS = 120  # Tab presses allowed to reach one element

# What is wrong with the focus now ("" when it is visible).
FOCUS_PROBLEM = """() => {
  const el = document.activeElement;
  if (!el || el === document.body) return "nothing has the focus";
  const name = el.tagName.toLowerCase() + (el.id ? "#" + el.id : "")
    + (el.textContent.trim() ? " “" + el.textContent.trim().slice(0, 30) + "”" : "");
  const style = getComputedStyle(el);
  if (!el.matches(":focus-visible")) return name + " is focused without :focus-visible";
  if (style.outlineStyle === "none" || parseFloat(style.outlineWidth) < 2)
    return name + " has no visible focus outline";
  return "";
}"""

# Whether the element is the focused one, or lies after it in the tab order's direction.
IS_FOCUSED = "el => el === document.activeElement"
LIES_AHEAD = """el => {
  const now = document.activeElement;
  if (!now || now === document.body) return true;
  return Boolean(now.compareDocumentPosition(el) & Node.DOCUMENT_POSITION_FOLLOWING);
}"""


def assert_focus_visible(page) -> None:
    problem = page.evaluate(FOCUS_PROBLEM)
    assert problem == "", problem


def tab_to(page, locator) -> None:
    """Move the focus to the element with Tab (or Shift+Tab when it lies behind the focus)."""
    target = locator.first
    for _press in range(FOCUS_STOPS):
        if target.evaluate(IS_FOCUSED):
            assert_focus_visible(page)
            return
        page.keyboard.press("Tab" if target.evaluate(LIES_AHEAD) else "Shift+Tab")
        assert_focus_visible(page)
    raise AssertionError(f"the keyboard never reached {locator}")


def press_on(page, locator, key: str = "Enter") -> None:
    """Tab to the element, then press a key on it."""
    tab_to(page, locator)
    page.keyboard.press(key)


def sign_in_by_keyboard(page, username: str) -> None:
    page.goto("/login")
    tab_to(page, page.locator("input[name=username]"))
    page.keyboard.type(username)
    page.keyboard.press("Tab")
    page.keyboard.type(DEMO_PASSWORD)
    page.keyboard.press("Enter")
    page.wait_for_url(lambda url: "/login" not in url)


def assert_no_axe_violation(page) -> None:
    assert describe(violations(page)) == [], page.url
