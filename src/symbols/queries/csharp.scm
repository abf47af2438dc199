; C# additions to tree-sitter-c-sharp's tags.scm (which has classes, interfaces, methods and
; namespaces named by a single identifier).

(namespace_declaration
  name: (qualified_name) @name) @definition.module

(struct_declaration
  name: (identifier) @name) @definition.struct

(enum_declaration
  name: (identifier) @name) @definition.enum

; `record Pair(int First, int Second);` and `record class Named(…) { … }`
(record_declaration
  name: (identifier) @name) @definition.class

(delegate_declaration
  name: (identifier) @name) @definition.type

; Constructors and finalizers are named after their type.
(constructor_declaration
  name: (identifier) @name) @definition.method

(destructor_declaration
  name: (identifier) @name) @definition.method

(property_declaration
  name: (identifier) @name) @definition.property

(field_declaration
  (modifier "const")
  (variable_declaration
    (variable_declarator
      name: (identifier) @name))) @definition.constant

; `namespace Example.Shapes;` spans one line; the types after it get its name through
; @container, as types inside a block namespace get theirs through nesting. Last in the file,
; so these matches refine the plain ones above.
(file_scoped_namespace_declaration
  name: [(identifier) (qualified_name)] @name) @definition.module

(compilation_unit
  (file_scoped_namespace_declaration
    name: [(identifier) (qualified_name)] @container)
  [
    (class_declaration name: (identifier) @name) @definition.class
    (record_declaration name: (identifier) @name) @definition.class
    (interface_declaration name: (identifier) @name) @definition.interface
    (struct_declaration name: (identifier) @name) @definition.struct
    (enum_declaration name: (identifier) @name) @definition.enum
    (delegate_declaration name: (identifier) @name) @definition.type
  ])
