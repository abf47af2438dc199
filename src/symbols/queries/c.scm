; C tags. Self-contained: tree-sitter-c's own tags.scm tags the function *declarator*, so its
; ranges end at the parameter list and prototypes look like definitions; these patterns take
; the whole definition (return type through closing brace) instead.

; Function definitions, also when returning pointers: `static struct Point *\nmake_point(…) { … }`.
(function_definition
  declarator: [
    (function_declarator declarator: (identifier) @name)
    (pointer_declarator declarator: (function_declarator declarator: (identifier) @name))
    (pointer_declarator declarator: (pointer_declarator declarator: (function_declarator declarator: (identifier) @name)))
  ]) @definition.function

; Prototypes (`int area(const Rect *r);`) are declarations, not definitions: headers still list
; them, as `function`, spanning the whole declaration.
(declaration
  declarator: [
    (function_declarator declarator: (identifier) @name)
    (pointer_declarator declarator: (function_declarator declarator: (identifier) @name))
    (pointer_declarator declarator: (pointer_declarator declarator: (function_declarator declarator: (identifier) @name)))
  ]) @definition.function

; Only specifiers with a body define a type; `struct Point *p` merely uses one.
(struct_specifier
  name: (type_identifier) @name
  body: (field_declaration_list)) @definition.struct

(union_specifier
  name: (type_identifier) @name
  body: (field_declaration_list)) @definition.struct

(enum_specifier
  name: (type_identifier) @name
  body: (enumerator_list)) @definition.enum

; typedefs, including function-pointer types: `typedef int (*Callback)(int);`
(type_definition
  declarator: [
    (type_identifier) @name
    (pointer_declarator declarator: (type_identifier) @name)
    (function_declarator declarator: (parenthesized_declarator (pointer_declarator declarator: (type_identifier) @name)))
  ]) @definition.type

; File-level constants: `static const int LIMIT = 5;`
(translation_unit
  (declaration
    (type_qualifier) @qualifier
    declarator: (init_declarator declarator: (identifier) @name)) @definition.constant
  (#eq? @qualifier "const"))

(preproc_def
  name: (identifier) @name) @definition.macro

(preproc_function_def
  name: (identifier) @name) @definition.macro

; References

(call_expression
  function: (identifier) @name) @reference.call

(call_expression
  function: (field_expression
    field: (field_identifier) @name)) @reference.call

; Type uses (not the names being defined): `Rect r;`, `(const Rect *r)`, `struct Point *p`.
(_
  type: (type_identifier) @name) @reference.type

(struct_specifier
  name: (type_identifier) @name
  !body) @reference.type

(union_specifier
  name: (type_identifier) @name
  !body) @reference.type

(enum_specifier
  name: (type_identifier) @name
  !body) @reference.type
