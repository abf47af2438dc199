; Ask RLM additions to tree-sitter-python's queries/tags.scm (loaded before this file), which
; already gives classes, functions (methods, nested, async and decorated ones: the definition
; node starts at `def`, as Python's ast reports) and module-level assignments as constants.

; `type Point = tuple[float, float]` (Python 3.12).
(type_alias_statement
  left: (type (identifier) @name)) @definition.type
