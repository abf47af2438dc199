; Ask RLM additions shared by JavaScript and TypeScript, loaded after the grammar packages'
; queries/tags.scm and before javascript.scm or typescript.scm. A later pattern wins over an
; earlier one for the same node and name.

; Methods named by a private name, a string, a number or a computed key.
(method_definition
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

; Object-literal functions are methods of the object, like `name() {}` in the same object.
(pair
  key: [(property_identifier) (string) (number) (computed_property_name)] @name
  value: [(arrow_function) (function_expression) (generator_function)]) @definition.method
