"""Reading the Chinese sentences a module writes, from its source: each f-string as a Qt template.

The UI lists those sentences for tr() with ``%1`` … where the code puts in a value
(ui.login_errors, ui.identifier_errors); a test reads the raising code with :mod:`ast` and checks
every sentence is listed, so a new or reworded one cannot silently stay Chinese.
"""

from __future__ import annotations

import ast


def template_of(node: ast.expr, names: dict[str, str] | None = None,
                numbers: dict[str, int] | None = None) -> str | None:
    """The sentence ``node`` builds, each value put in as %1 … (the same expression, the same
    number); a name in ``names`` is its text. None for a sentence made elsewhere (a variable, a
    call, an answer's detail)."""
    names = names or {}
    numbers = {} if numbers is None else numbers
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    if isinstance(node, ast.JoinedStr):
        out = []
        for part in node.values:
            if isinstance(part, ast.FormattedValue):
                key = ast.unparse(part.value)
                numbers.setdefault(key, len(numbers) + 1)
                out.append(f"%{numbers[key]}")
            else:
                out.append(str(getattr(part, "value", "")))
        return "".join(out)
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):
        left, right = template_of(node.left, names, numbers), template_of(node.right, names, numbers)
        return None if left is None or right is None else left + right
    if isinstance(node, ast.Name):
        return names.get(node.id)
    return None
