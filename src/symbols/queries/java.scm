; Java additions to tree-sitter-java's tags.scm (which has classes, interfaces and methods).

(enum_declaration
  name: (identifier) @name) @definition.enum

; A record is a class with a compact header.
(record_declaration
  name: (identifier) @name) @definition.class

; `@interface Marker { … }` and its elements.
(annotation_type_declaration
  name: (identifier) @name) @definition.interface

(annotation_type_element_declaration
  name: (identifier) @name) @definition.method

; Constructors, named after their class; `Pair { … }` is a record's compact constructor.
(constructor_declaration
  name: (identifier) @name) @definition.method

(compact_constructor_declaration
  name: (identifier) @name) @definition.method

; Constants: `static final` fields, and every field of an interface.
(field_declaration
  (modifiers "static" "final")
  declarator: (variable_declarator
    name: (identifier) @name)) @definition.constant

(field_declaration
  (modifiers "final" "static")
  declarator: (variable_declarator
    name: (identifier) @name)) @definition.constant

(constant_declaration
  declarator: (variable_declarator
    name: (identifier) @name)) @definition.constant
