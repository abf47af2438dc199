"""Checks run on every order before it is priced or stored."""

import re

from .errors import OutOfStockError, UnknownSkuError, ValidationError

SKU_PATTERN = re.compile(r"^[A-Z]{3}-\d{4}$")
EMAIL_PATTERN = re.compile(r"^[^@\s]+@[^@\s]+\.[a-z]{2,}$")
MAX_LINE_QUANTITY = 500


def validate_sku(sku):
    """Three capital letters, a dash, four digits: 'ABC-1234'."""
    if not SKU_PATTERN.match(sku):
        raise ValidationError(f"malformed SKU: {sku!r}")
    return sku


def validate_email(email):
    if not EMAIL_PATTERN.match(email):
        raise ValidationError(f"malformed e-mail address: {email!r}")
    return email.lower()


def validate_quantity(quantity):
    if not isinstance(quantity, int) or quantity <= 0:
        raise ValidationError("quantity must be a positive whole number")
    if quantity > MAX_LINE_QUANTITY:
        raise ValidationError(f"at most {MAX_LINE_QUANTITY} units per line")
    return quantity


def check_stock(order, repository):
    """Every line must name a known product with enough units left."""
    for line in order.lines:
        product = repository.get(line.sku)
        if product is None:
            raise UnknownSkuError(line.sku)
        if line.quantity > product.stock:
            raise OutOfStockError(line.sku, line.quantity, product.stock)


def validate_order(order):
    validate_email(order.customer_email)
    if not order.lines:
        raise ValidationError("an order needs at least one line")
    for line in order.lines:
        validate_sku(line.sku)
        validate_quantity(line.quantity)
    return order
