"""Command line: `python -m inventory.cli add|stock|invoice`."""

import argparse
import json
import sys

from .models import Order, OrderLine, Product
from .reports import low_stock, render_invoice
from .storage import ProductRepository


def main(argv=None):
    parser = argparse.ArgumentParser(prog="inventory")
    parser.add_argument("--db", help="catalogue file (default: $INVENTORY_DB_PATH or products.json)")
    sub = parser.add_subparsers(dest="command", required=True)
    add = sub.add_parser("add")
    add.add_argument("sku")
    add.add_argument("name")
    add.add_argument("price", type=float)
    add.add_argument("stock", type=int)
    sub.add_parser("stock")
    invoice = sub.add_parser("invoice")
    invoice.add_argument("order_file")
    args = parser.parse_args(argv)

    repo = ProductRepository(args.db).load()
    if args.command == "add":
        repo.add(Product(args.sku, args.name, args.price, args.stock))
        repo.save()
    elif args.command == "stock":
        print("\n".join(low_stock(repo, repo._products.values())))
    elif args.command == "invoice":
        with open(args.order_file, encoding="utf-8") as f:
            raw = json.load(f)
        order = Order(raw["email"], [OrderLine(**line) for line in raw["lines"]], raw.get("discount", ""))
        print(render_invoice(order, repo))
    return 0


if __name__ == "__main__":
    sys.exit(main())
