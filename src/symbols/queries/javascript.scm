; Ask RLM additions for JavaScript only (after javascript-common.scm).

; Class fields holding functions are methods: `onClick = () => {…}`.
(field_definition
  property: (_) @name
  value: [(arrow_function) (function_expression) (generator_function)]) @definition.method
