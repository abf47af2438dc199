"""Human-readable output: invoices and stock reports."""

from .pricing import DEFAULT_TAX_RATE, apply_discount, line_price

LOW_STOCK_LEVEL = 10


def render_invoice(order, repository):
    rows = []
    subtotal = 0.0
    for line in order.lines:
        product = repository.get(line.sku)
        price = line_price(product, line.quantity)
        subtotal += price
        rows.append(f"{product.name:<30} {line.quantity:>5} {price:>10.2f}")
    discounted = apply_discount(subtotal, order.discount_code)
    rows.append(f"{'after discount':<36} {discounted:>10.2f}")
    rows.append(f"{'with tax':<36} {discounted * (1 + DEFAULT_TAX_RATE):>10.2f}")
    return "\n".join(rows)


def low_stock(repository, products):
    return sorted(p.sku for p in products if p.stock < LOW_STOCK_LEVEL)
