; PHP additions to tree-sitter-php's tags.scm (which calls traits interfaces, properties
; fields and methods functions; a function inside a class-like body is reported as a method).

(trait_declaration
  name: (name) @name) @definition.trait

(enum_declaration
  name: (name) @name) @definition.enum

(method_declaration
  name: (name) @name) @definition.method

(property_declaration
  (property_element
    (variable_name (name) @name))) @definition.property

; `const VERSION = "1.0";` at the top level and in classes.
(const_declaration
  (const_element (name) @name)) @definition.constant
