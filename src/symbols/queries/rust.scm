; Rust additions to tree-sitter-rust's tags.scm.
; The base calls structs, enums, unions and type aliases `class` and traits `interface`; these
; patterns come later and so refine those kinds. Impl blocks become `impl` definitions named
; after the implementing type, so the functions inside them get that type as their container
; (and are reported as methods).

(struct_item
  name: (type_identifier) @name) @definition.struct

(union_item
  name: (type_identifier) @name) @definition.struct

(enum_item
  name: (type_identifier) @name) @definition.enum

(type_item
  name: (type_identifier) @name) @definition.type

(trait_item
  name: (type_identifier) @name) @definition.trait

; Required trait methods and extern declarations: `fn area(&self) -> f64;`
(function_signature_item
  name: (identifier) @name) @definition.function

(const_item
  name: (identifier) @name) @definition.constant

(static_item
  name: (identifier) @name) @definition.constant

; `impl Point`, `impl Area for Shape`, `impl<T> Debug for Wrapper<T>`, `impl fmt::Display for geo::Point`
(impl_item
  type: [
    (type_identifier) @name
    (generic_type type: (type_identifier) @name)
    (generic_type type: (scoped_type_identifier name: (type_identifier) @name))
    (scoped_type_identifier name: (type_identifier) @name)
  ]) @definition.impl

; Impls for types without a single name (`impl Trait for &T`, `for [T]`, `for u32`): the type's text.
(impl_item
  type: [
    (primitive_type)
    (reference_type)
    (pointer_type)
    (array_type)
    (tuple_type)
    (unit_type)
    (function_type)
    (dynamic_type)
    (abstract_type)
    (never_type)
  ] @name) @definition.impl
