"""The product catalogue, kept in one JSON file."""

import json
import os
import time

from .errors import StorageLockedError
from .models import Product

DB_ENV_VAR = "INVENTORY_DB_PATH"
DEFAULT_DB_FILE = "products.json"
MAX_SAVE_ATTEMPTS = 4
RETRY_DELAY_SECONDS = 0.2


def database_path():
    return os.environ.get(DB_ENV_VAR, DEFAULT_DB_FILE)


class ProductRepository:
    def __init__(self, path=None):
        self.path = path or database_path()
        self._products = {}

    def load(self):
        if not os.path.exists(self.path):
            self._products = {}
            return self
        with open(self.path, encoding="utf-8") as f:
            raw = json.load(f)
        self._products = {item["sku"]: Product(**item) for item in raw}
        return self

    def get(self, sku):
        return self._products.get(sku)

    def add(self, product):
        self._products[product.sku] = product

    def reserve(self, order):
        for line in order.lines:
            self._products[line.sku].stock -= line.quantity

    def save(self):
        lock = self.path + ".lock"
        for attempt in range(MAX_SAVE_ATTEMPTS):
            try:
                fd = os.open(lock, os.O_CREAT | os.O_EXCL)
            except FileExistsError:
                time.sleep(RETRY_DELAY_SECONDS * (attempt + 1))
                continue
            try:
                with open(self.path, "w", encoding="utf-8") as f:
                    json.dump([vars(p) for p in self._products.values()], f, indent=2)
            finally:
                os.close(fd)
                os.remove(lock)
            return
        raise StorageLockedError(f"{self.path} stayed locked after {MAX_SAVE_ATTEMPTS} attempts")
