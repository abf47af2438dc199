; Go additions to tree-sitter-go's tags.scm.
; The base tags every type_spec as `type`; these refine structs and interfaces and add what it
; misses: type aliases, interface methods, constants and the receiver type of methods.

(type_spec
  name: (type_identifier) @name
  type: (struct_type)) @definition.struct

(type_spec
  name: (type_identifier) @name
  type: (interface_type)) @definition.interface

; `type A = B`
(type_alias
  name: (type_identifier) @name) @definition.type

; Methods declared in an interface body (nested by range, so the interface is their container).
(method_elem
  name: (field_identifier) @name) @definition.method

(const_spec
  name: (identifier) @name) @definition.constant

; A method is not nested inside its type, so range nesting cannot name its container.
; @container carries the receiver's type name: `func (p *Point) Area()` → Point,
; `func (p *Pair[T]) Swap()` → Pair.
(method_declaration
  receiver: (parameter_list
    (parameter_declaration
      type: [
        (type_identifier) @container
        (pointer_type (type_identifier) @container)
        (generic_type type: (type_identifier) @container)
        (pointer_type (generic_type type: (type_identifier) @container))
      ]))
  name: (field_identifier) @name) @definition.method
