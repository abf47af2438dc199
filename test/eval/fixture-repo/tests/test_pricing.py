from inventory.models import Order, OrderLine, Product
from inventory.pricing import apply_discount, compute_total
from inventory.storage import ProductRepository


def test_known_code():
    assert apply_discount(100.0, "vip25") == 75.0


def test_unknown_code():
    assert apply_discount(100.0, "NOPE") == 100.0


def test_total_with_tax(tmp_path):
    repo = ProductRepository(str(tmp_path / "db.json"))
    repo.add(Product("ABC-0001", "Widget", 10.0, 50))
    order = Order("a@b.com", [OrderLine("ABC-0001", 2)])
    assert compute_total(order, repo, tax_rate=0.0) == 20.0
