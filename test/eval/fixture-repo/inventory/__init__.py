"""Stock keeping: products, orders, pricing and a request handler."""

__version__ = "1.4.0"
