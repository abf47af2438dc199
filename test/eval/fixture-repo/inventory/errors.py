"""Exceptions raised by the inventory package."""


class InventoryError(Exception):
    """Base class of every error this package raises."""


class ValidationError(InventoryError):
    """A request or order is malformed."""


class UnknownSkuError(InventoryError):
    """No product has this SKU."""

    def __init__(self, sku):
        super().__init__(f"unknown SKU: {sku}")
        self.sku = sku


class OutOfStockError(InventoryError):
    """An order line asks for more units than are in stock."""

    def __init__(self, sku, wanted, available):
        super().__init__(f"{sku}: wanted {wanted}, only {available} in stock")
        self.sku = sku
        self.wanted = wanted
        self.available = available


class StorageLockedError(InventoryError):
    """The database file stayed locked for every save attempt."""
