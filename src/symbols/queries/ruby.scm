; Ruby additions to tree-sitter-ruby's tags.scm (which has classes, modules, methods and
; singleton methods; `def self.create` is a method named `create`).

; A `def` at the top of a file defines a function, not a method of some class.
(program
  (method
    name: (_) @name) @definition.function)

; `VERSION = "1.0"`
(assignment
  left: (constant) @name) @definition.constant

; `class Shapes::Square`, `module A::B::C`: the scope is the container, as if nested.
(class
  name: (scope_resolution
    scope: [
      (constant) @container
      (scope_resolution scope: (constant) @container name: (constant) @container)
    ]
    name: (constant) @name)) @definition.class

(module
  name: (scope_resolution
    scope: [
      (constant) @container
      (scope_resolution scope: (constant) @container name: (constant) @container)
    ]
    name: (constant) @name)) @definition.module
