"""A tiny request handler: dicts in, (status, body) out."""

from .errors import OutOfStockError, UnknownSkuError, ValidationError
from .models import Order, OrderLine
from .pricing import apply_discount, compute_total
from .validation import check_stock, validate_order


def parse_order(body):
    lines = [OrderLine(sku=item["sku"], quantity=item["quantity"]) for item in body.get("lines", [])]
    return Order(customer_email=body.get("email", ""), lines=lines, discount_code=body.get("discount", ""))


def handle_order(body, repository):
    try:
        order = validate_order(parse_order(body))
        check_stock(order, repository)
    except ValidationError as e:
        return 422, {"error": str(e)}
    except UnknownSkuError as e:
        return 404, {"error": str(e)}
    except OutOfStockError as e:
        return 409, {"error": str(e), "available": e.available}
    total = compute_total(order, repository)
    repository.reserve(order)
    repository.save()
    return 201, {"total": total}


def handle_quote(body, repository):
    """What an amount would cost with a discount code, without placing an order."""
    amount = float(body.get("amount", 0))
    return 200, {"quote": apply_discount(amount, body.get("discount", ""))}
