; Ask RLM additions to tree-sitter-javascript's and tree-sitter-typescript's queries/tags.scm
; (loaded before this file, in that order). A later pattern wins over an earlier one for the
; same node and name. The first part repeats javascript.scm with TypeScript's node names;
; keep the two in step.

; Methods named by a private name, a string, a number or a computed key; overloads and interface
; members named the same ways.
(method_definition
  name: [(private_property_identifier) (string) (number) (computed_property_name)] @name) @definition.method

(method_signature
  name: [(private_property_identifier) (string) (number) (computed_property_name)] @name) @definition.method

(abstract_method_signature
  name: [(private_property_identifier) (string) (number) (computed_property_name)] @name) @definition.method

; Generator functions assigned to variables, like the arrow functions and function expressions the base file covers.
(variable_declarator
  name: (identifier) @name
  value: (generator_function)) @definition.function

; `export default function () {}`, `export default class {}`, `export default () => …`: named "default".
(export_statement
  "default" @name
  value: [
    (function_expression !name)
    (generator_function !name)
    (arrow_function)
  ] @definition.function)

(export_statement
  "default" @name
  value: (class !name) @definition.class)

; Top-level `const NAME = …` that is not a function (the object whose methods follow, a table, a
; config), nor a `require(…)`.
(program
  (lexical_declaration
    kind: "const"
    (variable_declarator
      name: (identifier) @name
      value: (_) @_value
      (#not-match? @_value "^(require|await import)\\(")) @definition.constant))

(export_statement
  declaration: (lexical_declaration
    kind: "const"
    (variable_declarator name: (identifier) @name) @definition.constant))

; …unless it holds a function: then it stays a function (this pattern comes after the ones above).
(variable_declarator
  name: (identifier) @name
  value: [(arrow_function) (function_expression) (generator_function)]) @definition.function

; Class fields holding functions are methods: `onClick = () => {…}`.
(public_field_definition
  name: (_) @name
  value: [(arrow_function) (function_expression) (generator_function)]) @definition.method

; Object-literal functions are methods of the object, like `name() {}` in the same object.
(pair
  key: [(property_identifier) (string) (number) (computed_property_name)] @name
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
