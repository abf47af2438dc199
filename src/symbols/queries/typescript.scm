; Ask RLM additions for TypeScript only (after javascript-common.scm): signatures, class
; fields, and TypeScript's own declarations.

; Overloads and interface members named by a private name, a string, a number or a computed key.
(method_signature
  name: [(private_property_identifier) (string) (number) (computed_property_name)] @name) @definition.method

(abstract_method_signature
  name: [(private_property_identifier) (string) (number) (computed_property_name)] @name) @definition.method

; Class fields holding functions are methods: `onClick = () => {…}`.
(public_field_definition
  name: (_) @name
  value: [(arrow_function) (function_expression) (generator_function)]) @definition.method

; TypeScript's own declarations.

(type_alias_declaration
  name: (type_identifier) @name) @definition.type

(enum_declaration
  name: (identifier) @name) @definition.enum

; `namespace A.B {}` (and `module A {}`, `declare module "pkg" {}`) is one module named "A.B".
(internal_module
  name: [(identifier) (nested_identifier)] @name) @definition.module

(module
  name: [(identifier) (nested_identifier) (string)] @name) @definition.module

(ambient_declaration
  "global" @name
  (statement_block)) @definition.module

; `global {}` inside `declare module "x" {}`: the grammar reads it as the identifier `global`
; followed by a block, so the block stands for the module.
(statement_block
  (expression_statement (identifier) @name (#eq? @name "global"))
  .
  (statement_block) @definition.module)
