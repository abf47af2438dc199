; C++ tags. Self-contained, like c.scm: tree-sitter-cpp's own tags.scm tags function
; *declarators*, whose ranges end at the parameter list. Methods defined inside a class are
; nested in it; out-of-line definitions (`double Circle::area() const { … }`) name their class
; with @container captures, one per scope segment (`geo::Box<T>::set` → geo, Box).

; Functions and in-class methods, defined: `int f() { … }`, `T& get() { … }`, `~Shape() = default;`
(function_definition
  declarator: [
    (function_declarator declarator: [(identifier) (field_identifier) (destructor_name) (operator_name)] @name)
    (pointer_declarator declarator: (function_declarator declarator: [(identifier) (field_identifier) (destructor_name) (operator_name)] @name))
    (reference_declarator (function_declarator declarator: [(identifier) (field_identifier) (destructor_name) (operator_name)] @name))
  ]) @definition.function

; …and declared only: prototypes and in-class method declarations (`double area() const = 0;`).
(declaration
  declarator: [
    (function_declarator declarator: [(identifier) (destructor_name) (operator_name)] @name)
    (pointer_declarator declarator: (function_declarator declarator: [(identifier) (operator_name)] @name))
    (reference_declarator (function_declarator declarator: [(identifier) (operator_name)] @name))
  ]) @definition.function

(field_declaration
  declarator: [
    (function_declarator declarator: [(field_identifier) (destructor_name) (operator_name)] @name)
    (pointer_declarator declarator: (function_declarator declarator: [(field_identifier) (operator_name)] @name))
    (reference_declarator (function_declarator declarator: [(field_identifier) (operator_name)] @name))
  ]) @definition.function

; Out-of-line definitions: `Circle::area`, `Box<T>::set`, `geo::Point::norm`, `geo::Box<T>::set`.
(function_definition
  declarator: [
    (function_declarator declarator: (qualified_identifier
      scope: [(namespace_identifier) @container (template_type name: (type_identifier) @container)]
      name: [(identifier) (destructor_name) (operator_name)] @name))
    (pointer_declarator declarator: (function_declarator declarator: (qualified_identifier
      scope: [(namespace_identifier) @container (template_type name: (type_identifier) @container)]
      name: [(identifier) (operator_name)] @name)))
    (reference_declarator (function_declarator declarator: (qualified_identifier
      scope: [(namespace_identifier) @container (template_type name: (type_identifier) @container)]
      name: [(identifier) (operator_name)] @name)))
  ]) @definition.method

(function_definition
  declarator: [
    (function_declarator declarator: (qualified_identifier
      scope: [(namespace_identifier) @container (template_type name: (type_identifier) @container)]
      name: (qualified_identifier
        scope: [(namespace_identifier) @container (template_type name: (type_identifier) @container)]
        name: [(identifier) (destructor_name) (operator_name)] @name)))
    (pointer_declarator declarator: (function_declarator declarator: (qualified_identifier
      scope: [(namespace_identifier) @container (template_type name: (type_identifier) @container)]
      name: (qualified_identifier
        scope: [(namespace_identifier) @container (template_type name: (type_identifier) @container)]
        name: [(identifier) (operator_name)] @name))))
    (reference_declarator (function_declarator declarator: (qualified_identifier
      scope: [(namespace_identifier) @container (template_type name: (type_identifier) @container)]
      name: (qualified_identifier
        scope: [(namespace_identifier) @container (template_type name: (type_identifier) @container)]
        name: [(identifier) (operator_name)] @name))))
  ]) @definition.method

; Types. Only specifiers with a body define one; `struct Point p;` merely uses it.
(class_specifier
  name: [(type_identifier) @name (template_type name: (type_identifier) @name)]
  body: (field_declaration_list)) @definition.class

(struct_specifier
  name: [(type_identifier) @name (template_type name: (type_identifier) @name)]
  body: (field_declaration_list)) @definition.struct

(union_specifier
  name: (type_identifier) @name
  body: (field_declaration_list)) @definition.struct

(enum_specifier
  name: (type_identifier) @name
  body: (enumerator_list)) @definition.enum

(namespace_definition
  name: [(namespace_identifier) (nested_namespace_specifier)] @name) @definition.module

; `using Points = std::vector<Point>;`, `typedef double Real;`
(alias_declaration
  name: (type_identifier) @name) @definition.type

(type_definition
  declarator: [
    (type_identifier) @name
    (pointer_declarator declarator: (type_identifier) @name)
    (function_declarator declarator: (parenthesized_declarator (pointer_declarator declarator: (type_identifier) @name)))
  ]) @definition.type

; Constants at file or namespace level: `constexpr int kDims = 2;`, `const double kPi = 3.14;`
(translation_unit
  (declaration
    (type_qualifier) @qualifier
    declarator: (init_declarator declarator: (identifier) @name)) @definition.constant
  (#any-of? @qualifier "const" "constexpr"))

(declaration_list
  (declaration
    (type_qualifier) @qualifier
    declarator: (init_declarator declarator: (identifier) @name)) @definition.constant
  (#any-of? @qualifier "const" "constexpr"))

(preproc_def
  name: (identifier) @name) @definition.macro

(preproc_function_def
  name: (identifier) @name) @definition.macro

; References

(call_expression
  function: [
    (identifier) @name
    (qualified_identifier name: (identifier) @name)
    (field_expression field: (field_identifier) @name)
    (template_function name: (identifier) @name)
  ]) @reference.call

(_
  type: [
    (type_identifier) @name
    (qualified_identifier name: (type_identifier) @name)
    (template_type name: (type_identifier) @name)
  ]) @reference.type

(base_class_clause
  [
    (type_identifier) @name
    (qualified_identifier name: (type_identifier) @name)
    (template_type name: (type_identifier) @name)
  ]) @reference.class

(new_expression
  type: (type_identifier) @name) @reference.class
