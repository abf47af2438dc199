"""Plain data types shared by the other modules."""

from dataclasses import dataclass, field


@dataclass
class Product:
    sku: str
    name: str
    unit_price: float
    stock: int = 0


@dataclass
class OrderLine:
    sku: str
    quantity: int


@dataclass
class Order:
    customer_email: str
    lines: list = field(default_factory=list)
    discount_code: str = ""

    def total_quantity(self):
        return sum(line.quantity for line in self.lines)
