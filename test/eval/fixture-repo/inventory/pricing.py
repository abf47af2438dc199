"""Prices, discount codes and tax."""

DEFAULT_TAX_RATE = 0.0825
BULK_THRESHOLD = 100
BULK_RATE = 0.05

DISCOUNT_CODES = {
    "WELCOME10": 0.10,
    "SPRING15": 0.15,
    "STAFF20": 0.20,
    "VIP25": 0.25,
}


def apply_discount(amount, code):
    """The amount after the code's percentage; unknown or empty codes change nothing."""
    rate = DISCOUNT_CODES.get(code.upper(), 0.0) if code else 0.0
    return round(amount * (1 - rate), 2)


def line_price(product, quantity):
    price = product.unit_price * quantity
    if quantity >= BULK_THRESHOLD:
        price *= 1 - BULK_RATE
    return price


def compute_total(order, repository, tax_rate=DEFAULT_TAX_RATE):
    subtotal = 0.0
    for line in order.lines:
        product = repository.get(line.sku)
        subtotal += line_price(product, line.quantity)
    discounted = apply_discount(subtotal, order.discount_code)
    return round(discounted * (1 + tax_rate), 2)
